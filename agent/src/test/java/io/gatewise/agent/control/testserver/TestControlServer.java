package io.gatewise.agent.control.testserver;

import io.grpc.Grpc;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real gRPC server over real TLS on loopback, as the Gatewise server runs it: server
 * certificate from {@code tlsPki}, client certificates optional at the TLS level and
 * required by the service for Connect. Can be stopped and started again on the same port.
 */
public final class TestControlServer implements AutoCloseable {
    private final FakeControlPlane service;
    private final KeyManagerFactory keys;
    private final TrustManagerFactory trust;
    private final X509Certificate serverCertificate;
    private Server server;
    private int port;

    /**
     * @param service the service
     * @param tlsPki  the CA that issues the server's TLS certificate
     * @param agentCa the CA whose client certificates are accepted
     */
    public TestControlServer(FakeControlPlane service, TestPki tlsPki, TestPki agentCa)
            throws GeneralSecurityException, IOException {
        this.service = service;
        KeyPair serverKeys = TestPki.newKeyPair();
        serverCertificate = tlsPki.serverCertificate(serverKeys.getPublic());
        char[] pw = "x".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", serverKeys.getPrivate(), pw,
                new X509Certificate[] {serverCertificate, tlsPki.caCertificate()});
        keys = KeyManagerFactory.getInstance("PKIX");
        keys.init(ks, pw);
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("agents", agentCa.caCertificate());
        trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(ts);
    }

    public X509Certificate serverCertificate() {
        return serverCertificate;
    }

    /** Starts on a free port the first time, on the same port afterwards. */
    public synchronized TestControlServer start() throws IOException {
        TlsServerCredentials.Builder creds = TlsServerCredentials.newBuilder()
                .keyManager(keys.getKeyManagers())
                .trustManager(trust.getTrustManagers())
                .clientAuth(TlsServerCredentials.ClientAuth.OPTIONAL);
        server = Grpc.newServerBuilderForPort(port, creds.build())
                .addService(ServerInterceptors.intercept(service, service.peerInterceptor()))
                .build()
                .start();
        port = server.getPort();
        return this;
    }

    public synchronized int port() {
        return port;
    }

    public synchronized void stop() throws InterruptedException {
        if (server != null) {
            service.dropSession();
            server.shutdownNow();
            server.awaitTermination(10, TimeUnit.SECONDS);
            server = null;
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
