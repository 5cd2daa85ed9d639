package io.gatewise.server.controlplane;

import java.net.Socket;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS server's trust manager: it lets every client certificate through the handshake
 * (TLS itself still proves the client holds the certificate's private key) and leaves the
 * decision to {@link AgentAuthInterceptor}, which knows which method is called, can answer
 * with a gRPC status the agent understands, and logs the refusal. Advertises our CA as the
 * acceptable issuer, so agents offer their Gatewise certificate.
 */
final class ClientCertificateCollector extends X509ExtendedTrustManager {
    private final X509Certificate ca;

    ClientCertificateCollector(X509Certificate ca) {
        this.ca = ca;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // decided per call by AgentAuthInterceptor
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        // decided per call by AgentAuthInterceptor
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        // decided per call by AgentAuthInterceptor
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        throw new UnsupportedOperationException("server-side trust manager");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        throw new UnsupportedOperationException("server-side trust manager");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        throw new UnsupportedOperationException("server-side trust manager");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[] {ca};
    }
}
