package io.gatewise.server.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import io.gatewise.agent.config.TunnelActions;
import io.gatewise.agent.control.AgentRunner;
import io.gatewise.agent.control.EnrollOptions;
import io.gatewise.agent.control.Enrollment;
import io.gatewise.agent.control.RunOptions;
import io.gatewise.agent.control.ServerAddress;
import io.gatewise.agent.events.SaEventSink;
import io.gatewise.agent.events.StatusSnapshot;
import io.gatewise.agent.gateway.GatewayRuntime;
import io.gatewise.agent.gateway.IkeConfigApplier;
import io.gatewise.agent.gateway.LinuxGateway;
import io.gatewise.agent.gateway.RouteInterface;
import io.gatewise.agent.gateway.SaEventAdapter;
import io.gatewise.agent.gateway.TunnelPlan;
import io.gatewise.agent.ike.config.EngineSettings;

/**
 * The real agent as {@code gatewise-agent run} wires it (AgentRunner, IkeConfigApplier,
 * LinuxGateway with the userspace ESP datapath, SA events into the runner's disk queue,
 * status reports and tunnel actions from the applier), with its gateway inside a network
 * namespace: the gateway is opened, and routes are changed, on a thread in the namespace
 * ({@link Namespaces#threadIn}); the control-plane connection stays on loopback.
 */
final class NamespacedAgent implements AutoCloseable {
    final String namespace;
    final UUID gatewayId;
    final AgentRunner runner;
    final IkeConfigApplier applier;
    private final ExecutorService nsThread;
    private final AtomicReference<LinuxGateway> opened;

    private NamespacedAgent(String namespace, UUID gatewayId, AgentRunner runner, IkeConfigApplier applier,
                            ExecutorService nsThread, AtomicReference<LinuxGateway> opened) {
        this.namespace = namespace;
        this.gatewayId = gatewayId;
        this.runner = runner;
        this.applier = applier;
        this.nsThread = nsThread;
        this.opened = opened;
    }

    /** Enrolls with the one-time token, then starts the agent (it connects at once). */
    static NamespacedAgent start(String namespace, InetAddress wan, int grpcPort, Path caFile, String token,
                                 Path stateDir) throws Exception {
        Enrollment.enroll(EnrollOptions.of(ServerAddress.parse("localhost:" + grpcPort), token, stateDir)
                .withCaFile(caFile).withHostname(namespace));
        ExecutorService nsThread = Namespaces.threadIn(namespace);
        AtomicReference<SaEventSink> events = new AtomicReference<>();
        AtomicReference<LinuxGateway> opened = new AtomicReference<>();
        IkeConfigApplier applier = new IkeConfigApplier(local -> {
            LinuxGateway gw = onThread(nsThread, () -> LinuxGateway.open(local, "gw0", EngineSettings.DEFAULT,
                    new SaEventAdapter(events::get)));
            opened.set(gw);
            return new InNamespace(gw, nsThread);
        }, Optional.of(wan));
        RunOptions options = RunOptions.of(stateDir).withApplier(applier).withActions(applier)
                .withStatus(applier, RunOptions.DEFAULT_STATUS_INTERVAL)
                .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(1));
        AgentRunner runner = AgentRunner.create(options);
        events.set(runner.eventSink());
        NamespacedAgent agent = new NamespacedAgent(namespace, UUID.fromString(runner.gatewayId()), runner, applier,
                nsThread, opened);
        runner.start();
        return agent;
    }

    /** The running gateway, or null before the first config arrived. */
    LinuxGateway gateway() {
        return opened.get();
    }

    /** An action as the agent runs it for the server (here without the server: it may be down). */
    TunnelActions.Outcome act(TunnelActions.Kind kind, String tunnel) {
        return applier.run(kind, tunnel);
    }

    @Override
    public void close() {
        try {
            applier.close();          // Delete payloads, TUN removed
        } finally {
            runner.stop();
            nsThread.shutdownNow();
        }
    }

    static <T> T onThread(ExecutorService thread, Callable<T> work) throws IOException {
        try {
            return thread.submit(work).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (TimeoutException e) {
            throw new IOException("the namespace thread did not answer in 30 s");
        }
    }

    /** The gateway, with every call that runs a command (routes) made from the namespace thread. */
    private record InNamespace(LinuxGateway gw, ExecutorService thread) implements GatewayRuntime {
        @Override
        public void addTunnel(TunnelPlan plan) {
            gw.addTunnel(plan);
        }

        @Override
        public void removeTunnel(TunnelPlan plan) {
            gw.removeTunnel(plan);
        }

        @Override
        public void addInterface(RouteInterface itf) throws IOException {
            onThread(thread, () -> {    // the TUN device belongs to the namespace it is created in
                gw.addInterface(itf);
                return null;
            });
        }

        @Override
        public void removeInterface(RouteInterface itf) {
            gw.removeInterface(itf);
        }

        @Override
        public void addRoute(String cidr, Optional<RouteInterface> via) throws IOException {
            onThread(thread, () -> {
                gw.addRoute(cidr, via);
                return null;
            });
        }

        @Override
        public void removeRoute(String cidr, Optional<RouteInterface> via) throws IOException {
            onThread(thread, () -> {
                gw.removeRoute(cidr, via);
                return null;
            });
        }

        @Override
        public TunnelActions.Outcome act(TunnelActions.Kind kind, String tunnel) {
            return gw.act(kind, tunnel);
        }

        @Override
        public StatusSnapshot status() {
            return gw.status();
        }

        @Override
        public void close() {
            gw.close();
        }
    }

    static Path caFile(Path dir, String pem) throws IOException {
        return Files.writeString(dir.resolve("gatewise-ca.pem"), pem);
    }
}
