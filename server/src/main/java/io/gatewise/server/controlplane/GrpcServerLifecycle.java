package io.gatewise.server.controlplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.stereotype.Component;

import io.gatewise.server.pki.CertificateAuthority;
import io.gatewise.server.pki.ServerKeyMaterial;
import io.gatewise.server.system.InetSyntax;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;

/**
 * Runs the agents' gRPC server inside the Boot application: TLS with a certificate from
 * the internal CA (a fresh key pair at every start), client certificates requested but
 * checked per call by {@link AgentAuthInterceptor}. Started after the rest of the context
 * and stopped first; a stop ends every agent stream with UNAVAILABLE so agents reconnect
 * to the next instance. Restartable: {@link #start()} after {@link #stop()} builds a new
 * server (tests pause and resume contexts this way).
 */
@Component
public class GrpcServerLifecycle implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(GrpcServerLifecycle.class);
    /** Set in the Environment while running, like Boot's {@code local.server.port}. */
    public static final String LOCAL_PORT_PROPERTY = "local.grpc.port";
    /** SHA-256 of the running server certificate, what an agent enrolling without a pinned CA prints. */
    public static final String LOCAL_FINGERPRINT_PROPERTY = "local.grpc.server-certificate-sha256";

    private final GrpcProperties properties;
    private final CertificateAuthority ca;
    private final ControlPlaneService service;
    private final AgentSessionRegistry registry;
    private final ConfigurableEnvironment environment;

    private volatile Server server;
    /** With port 0: the port first bound, reused on restart so that agents find us again. */
    private int previousPort;

    GrpcServerLifecycle(GrpcProperties properties, CertificateAuthority ca, ControlPlaneService service,
                        AgentSessionRegistry registry, ConfigurableEnvironment environment) {
        this.properties = properties;
        this.ca = ca;
        this.service = service;
        this.registry = registry;
        this.environment = environment;
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        ServerKeyMaterial identity = ca.issueServerCertificate(serverNames());
        int port = properties.port() != 0 ? properties.port() : previousPort;
        try {
            server = build(port, identity).start();
        } catch (IOException e) {
            if (port == 0 || port != previousPort) {
                throw new UncheckedIOException("cannot start the gRPC control plane on port " + port, e);
            }
            log.warn("Port {} used before the restart is taken; picking another one", port);
            try {
                server = build(0, identity).start();
            } catch (IOException again) {
                throw new UncheckedIOException("cannot start the gRPC control plane", again);
            }
        }
        previousPort = server.getPort();
        String fingerprint = CertificateAuthority.fingerprint(identity.certificate());
        environment.getPropertySources().addFirst(new MapPropertySource("gatewise-grpc-port",
                Map.of(LOCAL_PORT_PROPERTY, server.getPort(), LOCAL_FINGERPRINT_PROPERTY, fingerprint)));
        log.info("gRPC control plane listening on port {} (TLS, server certificate for {}, SHA-256 {}; CA SHA-256 {})",
                server.getPort(), String.join(", ", identity.names()), fingerprint, ca.caFingerprint());
    }

    private Server build(int port, ServerKeyMaterial identity) {
        HealthStatusManager health = new HealthStatusManager();
        return NettyServerBuilder.forPort(port, credentials(identity))
                .addService(service)
                .addService(health.getHealthService())
                .intercept(new AgentAuthInterceptor(ca))
                .maxInboundMessageSize(1024 * 1024)
                .handshakeTimeout(20, TimeUnit.SECONDS)
                // Notice dead agents (NAT timeouts, power loss) within about a minute,
                // and let agents ping us as often as every 10 s.
                .keepAliveTime(30, TimeUnit.SECONDS)
                .keepAliveTimeout(20, TimeUnit.SECONDS)
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .build();
    }

    @Override
    public synchronized void stop() {
        Server running = server;
        if (running == null) {
            return;
        }
        running.shutdown(); // no new calls
        registry.all().forEach(session -> session.terminate(
                Status.UNAVAILABLE.withDescription("server is shutting down; reconnect"), "server shutting down"));
        try {
            if (!running.awaitTermination(5, TimeUnit.SECONDS)) {
                running.shutdownNow();
                running.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
        }
        environment.getPropertySources().remove("gatewise-grpc-port");
        server = null;
        log.info("gRPC control plane stopped");
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** The bound port while running (the real one when configured as 0), else -1. */
    public int getPort() {
        Server running = server;
        return running == null ? -1 : running.getPort();
    }

    private List<String> serverNames() {
        List<String> names = new ArrayList<>(properties.serverNames());
        try {
            String hostname = InetAddress.getLocalHost().getHostName();
            if (InetSyntax.isHostname(hostname)) {
                names.add(hostname);
            }
        } catch (IOException e) {
            log.debug("No local host name for the server certificate: {}", e.toString());
        }
        return names;
    }

    private static ServerCredentials credentials(ServerKeyMaterial identity) {
        try {
            char[] password = "in-memory".toCharArray(); // never written anywhere
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry("server", identity.privateKey(), password,
                    new Certificate[] {identity.certificate(), identity.caCertificate()});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keyStore, password);
            return TlsServerCredentials.newBuilder()
                    .keyManager(keyManagers.getKeyManagers())
                    .trustManager(new ClientCertificateCollector(identity.caCertificate()))
                    .clientAuth(TlsServerCredentials.ClientAuth.OPTIONAL)
                    .build();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the gRPC TLS credentials", e);
        }
    }
}
