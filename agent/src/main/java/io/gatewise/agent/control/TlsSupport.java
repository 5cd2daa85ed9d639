package io.gatewise.agent.control;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** Building blocks for the agent's TLS: trust anchors, client keys, gRPC channels. */
final class TlsSupport {
    /** Big enough for a gateway with thousands of tunnels (the gRPC default is 4 MiB). */
    static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private TlsSupport() {
    }

    /** A PKIX trust manager that trusts exactly these certificates as anchors. */
    static X509ExtendedTrustManager trustManagerFor(List<X509Certificate> anchors) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        int i = 0;
        for (X509Certificate anchor : anchors) {
            store.setCertificateEntry("anchor-" + i++, anchor);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(store);
        for (TrustManager tm : factory.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509ExtendedTrustManager available");
    }

    /** Key managers presenting our key and certificate chain as TLS client. */
    static KeyManager[] keyManagersFor(PrivateKey key, List<X509Certificate> chain) throws GeneralSecurityException {
        char[] password = new char[0];
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        store.setKeyEntry("agent", key, password, chain.toArray(new X509Certificate[0]));
        KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX");
        factory.init(store, password);
        return factory.getKeyManagers();
    }

    /**
     * Checks that {@code certificate} was issued by one of {@code cas} (directly or through
     * the others) and is valid now. Revocation is the server's business: it refuses
     * revoked agents, and the agent has no CRL source.
     */
    static void verifyIssuedBy(X509Certificate certificate, List<X509Certificate> cas) throws GeneralSecurityException {
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate ca : cas) {
            anchors.add(new TrustAnchor(ca, null));
        }
        PKIXParameters params = new PKIXParameters(anchors);
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(certificate)), params);
    }

    /** A channel to the server with the given credentials. */
    static ManagedChannel channel(ServerAddress server, Optional<String> serverName, ChannelCredentials credentials,
                                  Duration keepAlive) {
        ManagedChannelBuilder<?> builder = Grpc.newChannelBuilderForAddress(server.host(), server.port(), credentials)
                .userAgent("gatewise-agent/" + AgentInfo.version())
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .keepAliveTime(keepAlive.toMillis(), TimeUnit.MILLISECONDS)
                .keepAliveTimeout(20, TimeUnit.SECONDS);
        serverName.ifPresent(builder::overrideAuthority);
        return builder.build();
    }

    /** TLS credentials trusting {@code trust}, optionally presenting a client certificate. */
    static ChannelCredentials credentials(TrustManager trust, KeyManager[] keys) {
        TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder().trustManager(trust);
        if (keys != null) {
            b.keyManager(keys);
        }
        return b.build();
    }
}
