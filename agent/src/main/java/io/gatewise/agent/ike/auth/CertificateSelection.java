package io.gatewise.agent.ike.auth;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Which of our certificates to put into CERT payloads, chosen by
 * {@link LocalCredentials#certificatesFor}: our end-entity certificate first, then the
 * intermediate CAs the peer needs to reach a CA it asked for.
 *
 * @param certificates what to send, in order
 * @param matchesRequest whether a CR of the peer names a CA in our chain (or any CA); when
 *                       {@code false} the peer will probably refuse us, and
 *                       {@code explanation} says why
 * @param explanation    one plain line for the log
 */
public record CertificateSelection(List<X509Certificate> certificates, boolean matchesRequest, String explanation) {

    public CertificateSelection {
        certificates = List.copyOf(certificates);
    }

    /** The CERT payload contents (X.509 signature encoding, DER). */
    public List<EncodedCertificate> encoded() {
        List<EncodedCertificate> out = new ArrayList<>(certificates.size());
        for (X509Certificate cert : certificates) {
            try {
                out.add(EncodedCertificate.x509(cert.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("certificate cannot be encoded", e);
            }
        }
        return out;
    }
}
