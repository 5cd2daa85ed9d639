package io.gatewise.agent.ike.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Our own signature credentials: the certificate, the CA certificates above it and the
 * private key, loaded from PEM and checked to belong together. Used to make our SIG
 * payload ({@link #signer()}), to fill our CERT payloads ({@link #certificatesFor}) and to
 * name ourselves in our ID payload ({@link #distinguishedNameIdentity()}).
 *
 * <p>The private key stays inside this object and its {@link Signer}; {@link #toString()}
 * shows the subject, key type and fingerprint only.
 */
public final class LocalCredentials {

    private final X509Certificate certificate;
    private final List<X509Certificate> chain;
    private final Signer signer;
    private final String fingerprint;

    private LocalCredentials(X509Certificate certificate, List<X509Certificate> chain, Signer signer) {
        this.certificate = certificate;
        this.chain = List.copyOf(chain);
        this.signer = signer;
        this.fingerprint = Fingerprints.sha256(certificate);
    }

    /**
     * Loads credentials from PEM files.
     *
     * @param certificateFile our certificate, optionally followed by its CA certificates
     * @param privateKeyFile  the private key: PKCS#8, PKCS#1 ({@code RSA PRIVATE KEY}) or
     *                        SEC 1 ({@code EC PRIVATE KEY}), unencrypted
     * @param chainFile       further CA certificates, or {@code null}
     */
    public static LocalCredentials load(Path certificateFile, Path privateKeyFile, Path chainFile)
            throws CredentialException {
        return fromPem(read(certificateFile, "certificate file"), read(privateKeyFile, "private key file"),
                chainFile == null ? null : read(chainFile, "chain file"),
                "certificate file " + certificateFile, "private key file " + privateKeyFile,
                chainFile == null ? "" : "chain file " + chainFile);
    }

    /** As {@link #load}, from PEM text (e.g. the certificate and key stored at enrollment). */
    public static LocalCredentials fromPem(String certificatePem, String privateKeyPem, String chainPem)
            throws CredentialException {
        return fromPem(certificatePem, privateKeyPem, chainPem, "certificate PEM", "private key PEM", "chain PEM");
    }

    private static LocalCredentials fromPem(String certificatePem, String privateKeyPem, String chainPem,
            String certSource, String keySource, String chainSource) throws CredentialException {
        List<X509Certificate> certs = new ArrayList<>(Pem.certificates(certificatePem, certSource));
        if (certs.isEmpty()) {
            throw new CredentialException(certSource + " contains no certificate");
        }
        X509Certificate certificate = certs.remove(0);
        if (chainPem != null && !chainPem.isBlank()) {
            certs.addAll(Pem.certificates(chainPem, chainSource));
        }
        PrivateKey key = Pem.privateKey(privateKeyPem, keySource);
        Signer signer;
        try {
            signer = Signer.forKey(key);
        } catch (IllegalArgumentException e) {
            throw new CredentialException(keySource + ": " + e.getMessage());
        }
        checkKeyMatches(certificate, signer, keySource);
        return new LocalCredentials(certificate, orderChain(certificate, certs), signer);
    }

    /** Signs a fixed value and verifies it with the certificate's key: works for RSA and EC alike. */
    private static void checkKeyMatches(X509Certificate certificate, Signer signer, String keySource)
            throws CredentialException {
        byte[] probe = "gatewise key/certificate match".getBytes(StandardCharsets.US_ASCII);
        boolean matches;
        try {
            Verifier verifier = Verifier.forKey(certificate.getPublicKey());
            matches = verifier.scheme() == signer.scheme() && verifier.verify(probe, signer.sign(probe));
        } catch (IllegalArgumentException e) {
            throw new CredentialException("certificate " + CertificateNames.subject(certificate) + ": "
                    + e.getMessage());
        }
        if (!matches) {
            throw new CredentialException("the private key in " + keySource + " does not belong to certificate "
                    + CertificateNames.subject(certificate));
        }
    }

    /**
     * The CA certificates in issuing order (the issuer of our certificate first), each
     * verified to have signed the one below. A CA certificate that is not on the path is a
     * configuration mistake and refused.
     */
    private static List<X509Certificate> orderChain(X509Certificate certificate, List<X509Certificate> cas)
            throws CredentialException {
        List<X509Certificate> remaining = new ArrayList<>(cas);
        List<X509Certificate> ordered = new ArrayList<>();
        X509Certificate current = certificate;
        while (!remaining.isEmpty()) {
            X509Certificate issuer = null;
            for (X509Certificate candidate : remaining) {
                if (CertificateNames.sameName(candidate.getSubjectX500Principal(), current.getIssuerX500Principal())
                        && verifies(current, candidate)) {
                    issuer = candidate;
                    break;
                }
            }
            if (issuer == null) {
                break;
            }
            ordered.add(issuer);
            remaining.remove(issuer);
            if (CertificateNames.sameName(issuer.getSubjectX500Principal(), issuer.getIssuerX500Principal())) {
                break; // a root: nothing above it
            }
            current = issuer;
        }
        if (!remaining.isEmpty()) {
            throw new CredentialException("chain certificate(s) " + remaining.stream().map(CertificateNames::subject)
                    .collect(Collectors.joining(", ")) + " did not issue " + CertificateNames.subject(certificate)
                    + " or its CAs");
        }
        return ordered;
    }

    private static boolean verifies(X509Certificate cert, X509Certificate issuer) {
        try {
            cert.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static String read(Path file, String what) throws CredentialException {
        Objects.requireNonNull(file, what);
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new CredentialException(what + " " + file + " cannot be read: " + e.getClass().getSimpleName());
        }
    }

    /** Our end-entity certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** CA certificates above ours, issuer first (may end with the root). */
    public List<X509Certificate> chain() {
        return chain;
    }

    public SignatureScheme scheme() {
        return signer.scheme();
    }

    /** Signs HASH_I / HASH_R with our key. */
    public Signer signer() {
        return signer;
    }

    /** ID_DER_ASN1_DN of our subject: the identity Gatewise gateways use by default. */
    public IkeIdentity distinguishedNameIdentity() {
        return IkeIdentity.distinguishedName(certificate.getSubjectX500Principal());
    }

    /** Whether our certificate vouches for {@code identity} (to refuse a misconfigured local id early). */
    public boolean vouchesFor(IkeIdentity identity) {
        return CertificateIdentity.matches(certificate, identity);
    }

    /** "CN=gw-1". */
    public String subject() {
        return CertificateNames.subject(certificate);
    }

    /** SHA-256 of our certificate, lowercase hex. */
    public String sha256Fingerprint() {
        return fingerprint;
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    /**
     * What to send in CERT payloads for the peer's CR payloads (RFC 4945 section 3.2.7):
     * our certificate, then our CA certificates up to, not including, the first CA the
     * peer asked for. Without any request, or with a request for any CA, our certificate and
     * every intermediate (roots are never sent: the peer must already trust them). When no
     * request names a CA of ours, the same, with {@code matchesRequest == false}.
     */
    public CertificateSelection certificatesFor(List<CertificateRequest> peerRequests) {
        List<X509Certificate> intermediates = chain.stream()
                .filter(c -> !CertificateNames.sameName(c.getSubjectX500Principal(), c.getIssuerX500Principal()))
                .toList();
        List<X509Certificate> all = new ArrayList<>();
        all.add(certificate);
        all.addAll(intermediates);
        List<CertificateRequest> x509 = peerRequests.stream().filter(CertificateRequest::isX509).toList();
        if (peerRequests.isEmpty()) {
            return new CertificateSelection(all, true, "peer sent no certificate request; sending " + names(all));
        }
        if (x509.stream().anyMatch(CertificateRequest::isAnyCa)) {
            return new CertificateSelection(all, true, "peer asked for a certificate from any CA; sending "
                    + names(all));
        }
        // The issuer of position i of "all" is all[i].issuer; the shortest prefix wins.
        for (int i = 0; i < all.size(); i++) {
            X509Certificate cert = all.get(i);
            for (CertificateRequest request : x509) {
                if (request.names(cert.getIssuerX500Principal())) {
                    List<X509Certificate> send = all.subList(0, i + 1);
                    return new CertificateSelection(send, true, "peer asked for a certificate from "
                            + CertificateNames.issuer(cert) + "; sending " + names(send));
                }
            }
        }
        String asked = peerRequests.stream().map(CertificateRequest::toString).collect(Collectors.joining(", "));
        return new CertificateSelection(all, false, "peer asked for " + asked + ", but our certificate "
                + subject() + " is issued by " + CertificateNames.issuer(all.get(all.size() - 1))
                + "; sending it anyway");
    }

    private static String names(List<X509Certificate> certs) {
        return certs.stream().map(CertificateNames::subject).collect(Collectors.joining(", "));
    }

    /** Subject, key type and fingerprint; never the key. */
    @Override
    public String toString() {
        return "LocalCredentials[" + subject() + ", " + scheme().plainName() + ", sha256=" + fingerprint + "]";
    }
}
