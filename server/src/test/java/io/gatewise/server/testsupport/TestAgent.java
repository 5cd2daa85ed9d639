package io.gatewise.server.testsupport;

import java.net.Socket;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

import io.gatewise.proto.v1.AgentMessage;
import io.gatewise.proto.v1.ConfigAck;
import io.gatewise.proto.v1.ConfigUpdate;
import io.gatewise.proto.v1.ControlPlaneGrpc;
import io.gatewise.proto.v1.EnrollRequest;
import io.gatewise.proto.v1.EnrollResponse;
import io.gatewise.proto.v1.Hello;
import io.gatewise.proto.v1.ServerMessage;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.StreamObserver;

/**
 * A minimal agent for server tests: the generated gRPC stubs over real TLS, trusting only
 * the Gatewise CA and (optionally) presenting a client certificate. Not the real agent;
 * that one is tested end to end separately.
 */
public final class TestAgent {
    private TestAgent() {
    }

    /** A TLS channel to localhost:port that trusts {@code ca}; with a client certificate when key and chain are given. */
    public static ManagedChannel channel(int port, X509Certificate ca, PrivateKey key, X509Certificate... chain) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("gatewise-ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            TlsChannelCredentials.Builder credentials = TlsChannelCredentials.newBuilder()
                    .trustManager(tmf.getTrustManagers());
            if (key != null) {
                credentials.keyManager(new FixedKeyManager(key, chain));
            }
            ChannelCredentials built = credentials.build();
            return Grpc.newChannelBuilderForAddress("localhost", port, built).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static EnrollResponse enroll(ManagedChannel channel, String token, String csrPem) {
        return ControlPlaneGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
                .enroll(EnrollRequest.newBuilder().setToken(token).setCsrPem(csrPem)
                        .setAgentVersion("test-0.1").setHostname("test-host").build());
    }

    public static Hello hello(String gatewayId, long appliedVersion) {
        return Hello.newBuilder().setGatewayId(gatewayId).setAgentVersion("test-0.1").setHostname("test-host")
                .setAppliedConfigVersion(appliedVersion).build();
    }

    /** Opens Connect and sends Hello. */
    public static Session connect(ManagedChannel channel, Hello hello) {
        Session session = new Session();
        session.requests = ControlPlaneGrpc.newStub(channel).connect(session.responses());
        session.send(AgentMessage.newBuilder().setHello(hello).build());
        return session;
    }

    /** One Connect stream as seen by the agent. */
    public static final class Session {
        private final BlockingQueue<ServerMessage> received = new LinkedBlockingQueue<>();
        private final CompletableFuture<Status> closed = new CompletableFuture<>();
        private StreamObserver<AgentMessage> requests;

        private StreamObserver<ServerMessage> responses() {
            return new StreamObserver<>() {
                @Override
                public void onNext(ServerMessage value) {
                    received.add(value);
                }

                @Override
                public void onError(Throwable t) {
                    closed.complete(Status.fromThrowable(t));
                }

                @Override
                public void onCompleted() {
                    closed.complete(Status.OK);
                }
            };
        }

        public synchronized void send(AgentMessage message) {
            requests.onNext(message);
        }

        public void ack(long version, boolean ok, String error) {
            send(AgentMessage.newBuilder().setConfigAck(
                    ConfigAck.newBuilder().setVersion(version).setOk(ok).setError(error)).build());
        }

        /** The next ConfigUpdate, or null when none arrives within {@code timeout}. */
        public ConfigUpdate nextConfig(Duration timeout) throws InterruptedException {
            ServerMessage message = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return message == null ? null : message.getConfigUpdate();
        }

        /** The next message of any kind, or null when none arrives within {@code timeout}. */
        public ServerMessage nextMessage(Duration timeout) throws InterruptedException {
            return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** How the server ended the stream (waits up to {@code timeout}). */
        public Status awaitClose(Duration timeout) throws Exception {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        public boolean isClosed() {
            return closed.isDone();
        }

        public synchronized void end() {
            try {
                requests.onCompleted();
            } catch (RuntimeException ignored) {
                // already closed by the server
            }
        }
    }

    /** Always presents the given certificate, whatever issuers the server asks for. */
    private static final class FixedKeyManager extends X509ExtendedKeyManager {
        private static final String ALIAS = "agent";
        private final PrivateKey key;
        private final X509Certificate[] chain;

        FixedKeyManager(PrivateKey key, X509Certificate[] chain) {
            this.key = key;
            this.chain = chain.clone();
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return chain.clone();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }
    }

    public static void shutdown(ManagedChannel channel) {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
