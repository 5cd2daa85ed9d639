package io.gatewise.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.gatewise.agent.control.testserver.FakeControlPlane;
import io.gatewise.agent.control.testserver.TestControlServer;
import io.gatewise.agent.control.testserver.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Enroll against a real gRPC server over real TLS on loopback. */
class EnrollmentTest {
    @TempDir
    Path tmp;

    private TestPki ca;
    private FakeControlPlane service;
    private TestControlServer server;
    private Path stateDir;
    private Path caFile;

    @BeforeEach
    void startServer() throws Exception {
        ca = new TestPki("Gatewise CA");
        service = new FakeControlPlane(ca);
        server = new TestControlServer(service, ca, ca).start();
        stateDir = tmp.resolve("state");
        caFile = tmp.resolve("ca.pem");
        Files.writeString(caFile, Pem.encode(ca.caCertificate()));
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        server.stop();
    }

    private EnrollOptions options(String token) {
        return EnrollOptions.of(new ServerAddress("localhost", server.port()), token, stateDir).withHostname("gw-host");
    }

    @Test
    void pinnedCaHappyPath() throws Exception {
        service.addToken("tok-1", "7f0c9a52-1111-4e8e-9a57-0123456789ab");
        EnrollmentResult result = Enrollment.enroll(options("tok-1").withCaFile(caFile));

        assertThat(result.gatewayId()).isEqualTo("7f0c9a52-1111-4e8e-9a57-0123456789ab");
        assertThat(result.trustedOnFirstUse()).isFalse();
        assertThat(result.serverFingerprint()).isEqualTo(Pem.sha256Fingerprint(server.serverCertificate()));
        StateDir state = new StateDir(stateDir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.privateKeyFile())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stateDir))).isEqualTo("rwx------");
        assertThat(Files.readString(state.privateKeyFile())).startsWith("-----BEGIN PRIVATE KEY-----");
        StateDir.Credentials credentials = state.readCredentials();
        X509Certificate cert = credentials.certificate();
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=" + result.gatewayId());
        assertThat(cert.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) cert.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(credentials.caChain()).containsExactly(ca.caCertificate());
        StateDir.Enrollment e = state.readEnrollment();
        assertThat(e.gatewayId()).isEqualTo(result.gatewayId());
        assertThat(e.server()).isEqualTo(new ServerAddress("localhost", server.port()));

        // What went over the wire: a CSR, never the private key.
        var request = service.enrollRequests.get(0);
        assertThat(request.getCsrPem()).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
        assertThat(request.getHostname()).isEqualTo("gw-host");
        assertThat(request.toString()).doesNotContain(Files.readString(state.privateKeyFile()).lines().skip(1)
                .findFirst().orElseThrow());
    }

    @Test
    void trustOnFirstUseWarnsWithTheFingerprint() throws Exception {
        service.addToken("tok-2", "gw-2");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(Enrollment.class);
        logs.start();
        logger.addAppender(logs);
        try {
            EnrollmentResult result = Enrollment.enroll(options("tok-2"));
            assertThat(result.trustedOnFirstUse()).isTrue();
        } finally {
            logger.detachAppender(logs);
        }
        String fingerprint = Pem.sha256Fingerprint(server.serverCertificate());
        assertThat(logs.list).anySatisfy(event -> {
            assertThat(event.getLevel().toString()).isEqualTo("WARN");
            assertThat(event.getFormattedMessage()).contains("trusting server localhost:" + server.port()
                    + " on first use").contains(fingerprint);
        });
        assertThat(new StateDir(stateDir).isEnrolled()).isTrue();
    }

    @Test
    void badTokenIsRefusedAndNothingIsWritten() {
        assertThatThrownBy(() -> Enrollment.enroll(options("wrong").withCaFile(caFile)))
                .isInstanceOf(EnrollmentException.class)
                .hasMessage("the server refused the enrollment token: the token is unknown, expired or already used");
        assertThat(stateDir).doesNotExist();
    }

    @Test
    void aServerFromAnotherCaIsRefusedWhenPinned() throws Exception {
        Path otherCa = tmp.resolve("other.pem");
        Files.writeString(otherCa, Pem.encode(new TestPki("Other CA").caCertificate()));
        service.addToken("tok-3", "gw-3");
        assertThatThrownBy(() -> Enrollment.enroll(options("tok-3").withCaFile(otherCa)))
                .isInstanceOf(EnrollmentException.class)
                .hasMessageStartingWith("cannot reach the server at localhost:" + server.port() + ": TLS handshake failed");
        assertThat(stateDir).doesNotExist();
        assertThat(service.enrollCalls).hasValue(0);
    }

    @Test
    void aServerCertificateNotNamingTheHostIsRefusedEvenOnFirstUse() {
        service.addToken("tok-4", "gw-4");
        // The test certificate names localhost and 127.0.0.1 only.
        EnrollOptions o = EnrollOptions.of(new ServerAddress("127.0.0.1", server.port()), "tok-4", stateDir)
                .withServerName("gatewise.example.net");
        assertThatThrownBy(() -> Enrollment.enroll(o))
                .isInstanceOf(EnrollmentException.class)
                .hasMessageContaining("TLS handshake failed")
                .hasMessageContaining("try --server-name");
        assertThat(service.enrollCalls).hasValue(0);
    }

    @Test
    void onFirstUseTheServerMustBeIssuedByTheCaItReturns() throws Exception {
        // A "man in the middle": TLS certificate from one CA, agent certificates from another.
        TestPki mitm = new TestPki("MITM CA");
        FakeControlPlane other = new FakeControlPlane(ca);
        other.addToken("tok-5", "gw-5");
        try (TestControlServer fake = new TestControlServer(other, mitm, ca).start()) {
            EnrollOptions o = EnrollOptions.of(new ServerAddress("localhost", fake.port()), "tok-5", stateDir);
            assertThatThrownBy(() -> Enrollment.enroll(o))
                    .isInstanceOf(EnrollmentException.class)
                    .hasMessageContaining("the server's own TLS certificate was not issued by the CA it returned")
                    .hasMessageContaining("man-in-the-middle");
        }
        assertThat(stateDir).doesNotExist();
    }

    @Test
    void anExistingEnrollmentIsKeptUnlessForced() throws Exception {
        service.addToken("tok-6", "gw-6");
        service.addToken("tok-7", "gw-7");
        Enrollment.enroll(options("tok-6").withCaFile(caFile));
        String firstKey = Files.readString(new StateDir(stateDir).privateKeyFile());
        assertThatThrownBy(() -> Enrollment.enroll(options("tok-7").withCaFile(caFile)))
                .hasMessageContaining("already holds gateway gw-6; use --force");
        assertThat(service.enrollCalls).hasValue(1); // the token was not spent

        Enrollment.enroll(options("tok-7").withCaFile(caFile).withForce(true));
        assertThat(new StateDir(stateDir).readEnrollment().gatewayId()).isEqualTo("gw-7");
        assertThat(Files.readString(new StateDir(stateDir).privateKeyFile())).isNotEqualTo(firstKey);
        try (var files = Files.list(stateDir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .isEqualTo(List.of("agent.crt", "agent.key", "ca.crt", "enrollment.properties"));
        }
    }

    @Test
    void unreachableServerIsSaidPlainly() {
        int port = server.port();
        assertThatThrownBy(() -> {
            server.stop();
            Enrollment.enroll(EnrollOptions.of(new ServerAddress("127.0.0.1", port), "t", stateDir));
        }).isInstanceOf(EnrollmentException.class)
                .hasMessage("cannot reach the server at 127.0.0.1:" + port + ": connection refused");
        assertThat(stateDir).doesNotExist();
    }

    @Test
    void csrIsSignedAndNamesTheAgent() throws Exception {
        String pem = Enrollment.csr(Enrollment.generateKeyPair());
        try (var parser = new org.bouncycastle.openssl.PEMParser(new java.io.StringReader(pem))) {
            var csr = (org.bouncycastle.pkcs.PKCS10CertificationRequest) parser.readObject();
            assertThat(csr.getSubject().toString()).isEqualTo("CN=gatewise-agent");
            assertThat(csr.isSignatureValid(new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder()
                    .build(new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest(csr).getPublicKey()))).isTrue();
        }
        assertThat(pem.getBytes(StandardCharsets.US_ASCII)).isNotEmpty();
    }
}
