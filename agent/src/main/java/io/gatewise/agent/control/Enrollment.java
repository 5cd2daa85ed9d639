package io.gatewise.agent.control;

import io.gatewise.proto.v1.ControlPlaneGrpc;
import io.gatewise.proto.v1.EnrollRequest;
import io.gatewise.proto.v1.EnrollResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code gatewise-agent enroll}: turns a one-time token into an agent identity.
 *
 * <ol>
 *   <li>Generate an EC P-256 key pair here; the private key never leaves the machine.</li>
 *   <li>Build a PKCS#10 request, subject {@code CN=gatewise-agent}: the agent does not
 *       know its gateway id yet, and the server issues the certificate for
 *       {@code CN=<gateway id>}.</li>
 *   <li>Call {@code Enroll} over TLS, trusting the server as {@link ServerTrust} explains.</li>
 *   <li>Check the answer: our public key, subject {@code CN=<gateway id>}, issued by the
 *       returned CA, and the server's own certificate issued by that CA too.</li>
 *   <li>Write key (0600), certificate, CA chain, and last the enrollment record, each
 *       atomically. Nothing is written if any step fails.</li>
 * </ol>
 */
public final class Enrollment {
    private static final Logger log = LoggerFactory.getLogger(Enrollment.class);
    /** The CSR subject; the server replaces it. */
    static final String CSR_SUBJECT = "CN=gatewise-agent";

    private Enrollment() {
    }

    /** Enrolls this agent; see the class comment. */
    public static EnrollmentResult enroll(EnrollOptions options) throws EnrollmentException {
        StateDir state = new StateDir(options.stateDir());
        if (state.isEnrolled() && !options.force()) {
            String existing;
            try {
                existing = "gateway " + state.readEnrollment().gatewayId();
            } catch (AgentStateException e) {
                existing = "an unreadable enrollment";
            }
            throw new EnrollmentException(options.stateDir() + " already holds " + existing
                    + "; use --force to replace it, or another --state-dir");
        }
        if (options.token().isBlank()) {
            throw new EnrollmentException("the enrollment token is empty");
        }
        ServerTrust trust = trust(options);
        KeyPair keyPair = generateKeyPair();
        String csr = csr(keyPair);

        EnrollResponse response = call(options, trust, EnrollRequest.newBuilder()
                .setToken(options.token())
                .setCsrPem(csr)
                .setAgentVersion(AgentInfo.version())
                .setHostname(options.hostname())
                .build());

        X509Certificate serverCertificate = trust.presentedChain().map(c -> c[0])
                .orElseThrow(() -> new EnrollmentException("no server certificate was seen (internal error)"));
        List<X509Certificate> certificate = parse(response.getCertificatePem(), "certificate");
        List<X509Certificate> caChain = parse(response.getCaChainPem(), "CA chain");
        check(response, keyPair, certificate.get(0), caChain, serverCertificate);
        write(state, options, keyPair, response);
        log.info("enrolled with server {} as gateway {}", options.server(), response.getGatewayId());
        return new EnrollmentResult(response.getGatewayId(), options.stateDir(),
                Pem.sha256Fingerprint(serverCertificate), trust.isFirstUse());
    }

    private static ServerTrust trust(EnrollOptions options) throws EnrollmentException {
        if (options.caFile().isEmpty()) {
            return ServerTrust.firstUse();
        }
        try {
            List<X509Certificate> cas = Pem.decodeCertificates(
                    Files.readString(options.caFile().get(), StandardCharsets.US_ASCII));
            if (cas.isEmpty()) {
                throw new EnrollmentException(options.caFile().get() + " contains no certificate");
            }
            return ServerTrust.pinnedTo(cas);
        } catch (IOException | CertificateException e) {
            throw new EnrollmentException("cannot read CA file " + options.caFile().get() + ": " + Failures.describe(e));
        } catch (GeneralSecurityException e) {
            throw new EnrollmentException("cannot use CA file " + options.caFile().get() + ": " + e.getMessage());
        }
    }

    static KeyPair generateKeyPair() throws EnrollmentException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new EnrollmentException("cannot generate an EC P-256 key: " + e.getMessage());
        }
    }

    static String csr(KeyPair keyPair) throws EnrollmentException {
        try {
            PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(
                    new X500Name(CSR_SUBJECT), keyPair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate()));
            return Pem.encode(request);
        } catch (OperatorCreationException e) {
            throw new EnrollmentException("cannot sign the certificate request: " + e.getMessage());
        }
    }

    private static EnrollResponse call(EnrollOptions options, ServerTrust trust, EnrollRequest request)
            throws EnrollmentException {
        ManagedChannel channel = TlsSupport.channel(options.server(), options.serverName(),
                TlsSupport.credentials(trust, null), Duration.ofMinutes(5));
        try {
            return ControlPlaneGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(options.timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .enroll(request);
        } catch (StatusRuntimeException e) {
            throw new EnrollmentException(explain(options, e.getStatus()));
        } finally {
            trust.presentedChain().filter(c -> trust.isFirstUse()).ifPresent(chain -> log.warn(
                    "no --ca-file given: trusting server {} on first use; its certificate {} has SHA-256 "
                            + "fingerprint {}; compare it with the server's before relying on this agent",
                    options.server(), chain[0].getSubjectX500Principal().getName(), Pem.sha256Fingerprint(chain[0])));
            channel.shutdownNow();
        }
    }

    private static String explain(EnrollOptions options, Status status) {
        String detail = status.getDescription() == null ? "" : ": " + status.getDescription();
        return switch (status.getCode()) {
            case PERMISSION_DENIED -> "the server refused the enrollment token" + detail;
            case INVALID_ARGUMENT -> "the server rejected the enrollment request" + detail;
            case UNAVAILABLE -> {
                String why = Failures.describe(status);
                yield "cannot reach the server at " + options.server() + ": " + why
                        + (why.contains("No subject alternative") || why.contains("No name matching")
                        ? " (the server certificate does not name this host; try --server-name)" : "");
            }
            case DEADLINE_EXCEEDED -> "no answer from the server at " + options.server() + " within "
                    + options.timeout().toSeconds() + " s";
            default -> "enrollment failed: " + Failures.describe(status);
        };
    }

    private static List<X509Certificate> parse(String pem, String what) throws EnrollmentException {
        try {
            List<X509Certificate> certificates = Pem.decodeCertificates(pem);
            if (certificates.isEmpty()) {
                throw new EnrollmentException("the server returned no " + what);
            }
            return certificates;
        } catch (CertificateException e) {
            throw new EnrollmentException("the server returned an unreadable " + what + ": " + e.getMessage());
        }
    }

    private static void check(EnrollResponse response, KeyPair keyPair, X509Certificate certificate,
                              List<X509Certificate> caChain, X509Certificate serverCertificate)
            throws EnrollmentException {
        String id = response.getGatewayId();
        if (id.isBlank()) {
            throw new EnrollmentException("the server returned no gateway id");
        }
        if (!Arrays.equals(certificate.getPublicKey().getEncoded(), keyPair.getPublic().getEncoded())) {
            throw new EnrollmentException("the server returned a certificate for another key");
        }
        String cn = commonName(certificate);
        if (!id.equals(cn)) {
            throw new EnrollmentException("the server returned a certificate for CN=" + cn + ", expected CN=" + id);
        }
        try {
            TlsSupport.verifyIssuedBy(certificate, caChain);
        } catch (GeneralSecurityException e) {
            throw new EnrollmentException("the returned certificate is not valid under the returned CA: "
                    + e.getMessage());
        }
        try {
            TlsSupport.verifyIssuedBy(serverCertificate, caChain);
        } catch (GeneralSecurityException e) {
            throw new EnrollmentException("the server's own TLS certificate was not issued by the CA it returned ("
                    + e.getMessage() + "); refusing it: this can mean a man-in-the-middle");
        }
    }

    private static String commonName(X509Certificate certificate) throws EnrollmentException {
        try {
            RDN[] rdns = new JcaX509CertificateHolder(certificate).getSubject().getRDNs(BCStyle.CN);
            return rdns.length == 0 ? "" : IETFUtils.valueToString(rdns[0].getFirst().getValue());
        } catch (CertificateException e) {
            throw new EnrollmentException("the returned certificate is unreadable: " + e.getMessage());
        }
    }

    private static void write(StateDir state, EnrollOptions options, KeyPair keyPair, EnrollResponse response)
            throws EnrollmentException {
        try {
            AtomicFiles.createPrivateDirectory(state.root());
            // Un-enroll first: until the new record is written, the directory is "not enrolled",
            // so a crash half-way never pairs the old record with the new key.
            AtomicFiles.delete(state.enrollmentFile());
            AtomicFiles.delete(state.appliedConfigFile());
            AtomicFiles.write(state.privateKeyFile(),
                    Pem.encodePrivateKey(keyPair.getPrivate()).getBytes(StandardCharsets.US_ASCII), AtomicFiles.PRIVATE);
            AtomicFiles.write(state.certificateFile(),
                    response.getCertificatePem().getBytes(StandardCharsets.US_ASCII), AtomicFiles.PUBLIC);
            AtomicFiles.write(state.caChainFile(),
                    response.getCaChainPem().getBytes(StandardCharsets.US_ASCII), AtomicFiles.PUBLIC);
            state.writeEnrollment(new StateDir.Enrollment(response.getGatewayId(), options.server(),
                    options.serverName(), Instant.now()));
        } catch (IOException e) {
            throw new EnrollmentException("enrolled as gateway " + response.getGatewayId()
                    + " but cannot write " + state.root() + ": " + Failures.describe(e)
                    + "; fix the directory and enroll again with a new token");
        }
    }
}
