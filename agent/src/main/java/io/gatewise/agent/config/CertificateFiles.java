package io.gatewise.agent.config;

import java.util.Objects;

/**
 * Where a standalone config's certificate tunnel finds its credentials (PEM files):
 * our certificate (optionally followed by its chain), our private key and the CA
 * certificate(s) the peer's certificate must chain to. {@link #NONE} (all empty) means
 * the agent's enrolled certificate and key and the Gatewise CA pinned at enrollment.
 *
 * @param certificate our certificate file, or empty
 * @param privateKey  our private key file, or empty
 * @param ca          trusted CA file, or empty (then the enrolled Gatewise CA, or the
 *                    tunnel's trusted CA PEM)
 */
public record CertificateFiles(String certificate, String privateKey, String ca) {
    public static final CertificateFiles NONE = new CertificateFiles("", "", "");

    public CertificateFiles {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(ca, "ca");
    }

    /** True when our own certificate and key come from files rather than enrollment. */
    public boolean ownFromFiles() {
        return !certificate.isEmpty() || !privateKey.isEmpty();
    }

    public boolean isNone() {
        return certificate.isEmpty() && privateKey.isEmpty() && ca.isEmpty();
    }
}
