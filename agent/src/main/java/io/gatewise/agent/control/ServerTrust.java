package io.gatewise.agent.control;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How the agent decides to trust the server during enrollment, and what it saw.
 *
 * <p>Before enrollment the agent does not know the Gatewise CA. Two modes:
 * <ul>
 *   <li><b>pinned</b> ({@code --ca-file}): the server must chain to the given CA, with the
 *       usual host name check. Recommended.</li>
 *   <li><b>trust on first use</b> (no CA file): any server certificate is accepted for
 *       this one call, as long as it names the host we dialled (the host name check
 *       still runs, anchored on the presented certificate itself). The agent prints the
 *       certificate's SHA-256 fingerprint in a WARN line so that the operator can compare
 *       it with the server's. After the server answers, {@link Enrollment} verifies that
 *       the certificate it saw was issued by the CA the server returned, and from then on
 *       only that CA is trusted. This is the SSH model: it defeats a man-in-the-middle
 *       that appears later, not one that is present at the first connection. The
 *       enrollment token is single-use and short-lived, which bounds what such an
 *       attacker gains.</li>
 * </ul>
 * Either way the chain the server presented is recorded for that post-check.
 */
final class ServerTrust extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager pinned;
    private volatile X509Certificate[] presented;

    private ServerTrust(X509ExtendedTrustManager pinned) {
        this.pinned = pinned;
    }

    static ServerTrust pinnedTo(List<X509Certificate> cas) throws GeneralSecurityException {
        return new ServerTrust(TlsSupport.trustManagerFor(cas));
    }

    static ServerTrust firstUse() {
        return new ServerTrust(null);
    }

    boolean isFirstUse() {
        return pinned == null;
    }

    /** The chain the server presented in the last handshake, leaf first. */
    Optional<X509Certificate[]> presentedChain() {
        X509Certificate[] chain = presented;
        return chain == null ? Optional.empty() : Optional.of(chain.clone());
    }

    private X509ExtendedTrustManager delegateFor(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server sent no certificate");
        }
        if (pinned != null) {
            return pinned;
        }
        try {
            return TlsSupport.trustManagerFor(List.of(chain[0]));
        } catch (GeneralSecurityException e) {
            throw new CertificateException(e.getMessage(), e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegateFor(chain).checkServerTrusted(chain, authType, engine);
        presented = chain.clone();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegateFor(chain).checkServerTrusted(chain, authType, socket);
        presented = chain.clone();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegateFor(chain).checkServerTrusted(chain, authType);
        presented = chain.clone();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("the agent does not accept TLS clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("the agent does not accept TLS clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the agent does not accept TLS clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pinned == null ? new X509Certificate[0] : pinned.getAcceptedIssuers();
    }
}
