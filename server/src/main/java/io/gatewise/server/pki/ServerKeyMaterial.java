package io.gatewise.server.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The gRPC server's TLS identity: a fresh key pair and its certificate from the Gatewise
 * CA. The private key lives only in memory; it is never stored.
 */
public final class ServerKeyMaterial {
    private final PrivateKey privateKey;
    private final X509Certificate certificate;
    private final X509Certificate caCertificate;
    private final List<String> names;

    ServerKeyMaterial(PrivateKey privateKey, X509Certificate certificate, X509Certificate caCertificate, List<String> names) {
        this.privateKey = privateKey;
        this.certificate = certificate;
        this.caCertificate = caCertificate;
        this.names = List.copyOf(names);
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** The DNS names and IP addresses in the certificate's subjectAltName. */
    public List<String> names() {
        return names;
    }

    @Override
    public String toString() {
        return "ServerKeyMaterial[" + certificate.getSubjectX500Principal() + ", names=" + names + "]";
    }
}
