package io.gatewise.agent.cli;

import io.gatewise.agent.config.AgentConfig;
import io.gatewise.agent.config.ConfigRejectedException;
import io.gatewise.agent.control.AgentRunner;
import io.gatewise.agent.control.AgentStateException;
import io.gatewise.agent.control.RunOptions;
import io.gatewise.agent.control.ServerAddress;
import io.gatewise.agent.control.StandaloneConfigWatcher;
import io.gatewise.agent.control.StateDir;
import io.gatewise.agent.events.SaEventSink;
import io.gatewise.agent.gateway.GatewayStartException;
import io.gatewise.agent.gateway.SaEventAdapter;
import io.gatewise.agent.gateway.IkeConfigApplier;
import io.gatewise.agent.gateway.LinuxGateway;
import io.gatewise.agent.gateway.TunnelCredentials;
import io.gatewise.agent.ike.config.EngineSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.LoggerFactory;

/** {@code gatewise-agent run}: with the server, or standalone with {@code --config}. */
final class RunCommand {
    private static volatile boolean shutdownStarted;

    private RunCommand() {
    }

    /** True once a shutdown hook of {@code run} fired: main must not call System.exit then. */
    static boolean shutdownStarted() {
        return shutdownStarted;
    }

    static int run(List<String> args, PrintStream err) throws UsageException {
        Arguments a = Arguments.parse("run", args, Set.of("state-dir", "server", "server-name", "config", "tun",
                "local-address", "nat-keepalive"), Set.of());
        if (!a.positional().isEmpty()) {
            throw new UsageException("run", "unexpected argument '" + a.positional().get(0) + "'");
        }
        String tun = a.value("tun").orElse("gw0");
        if (!tun.matches("[A-Za-z0-9_.-]{1,15}")) {
            throw new UsageException("run", "--tun needs an interface name of 1 to 15 letters, digits, '_', '.', '-'");
        }
        Optional<InetAddress> local = Optional.empty();
        if (a.value("local-address").isPresent()) {
            String text = a.value("local-address").get();
            if (!text.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
                throw new UsageException("run", "--local-address needs an IP address, not '" + text + "'");
            }
            try {
                local = Optional.of(InetAddress.getByName(text));
            } catch (UnknownHostException e) {
                throw new UsageException("run", "--local-address needs an IP address, not '" + text + "'");
            }
        }
        long keepaliveMillis = LinuxGateway.KEEPALIVE_MILLIS;
        if (a.value("nat-keepalive").isPresent()) {
            String text = a.value("nat-keepalive").get();
            if (!text.matches("[0-9]{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 3600) {
                throw new UsageException("run", "--nat-keepalive needs whole seconds from 1 to 3600, not '" + text
                        + "'");
            }
            keepaliveMillis = Integer.parseInt(text) * 1000L;
        }
        long keepalive = keepaliveMillis;
        // server mode: IKE events go to the runner's audit queue once it exists
        AtomicReference<SaEventSink> events = new AtomicReference<>();
        IkeConfigApplier.RuntimeOpener opener = address -> LinuxGateway.open(address, tun, EngineSettings.DEFAULT,
                new SaEventAdapter(events::get), keepalive);
        if (a.value("config").isPresent()) {
            if (a.value("server").isPresent() || a.value("server-name").isPresent() || a.value("state-dir").isPresent()) {
                throw new UsageException("run", "--config (standalone) cannot be combined with --server,"
                        + " --server-name or --state-dir");
            }
            Path file = Path.of(a.value("config").get()).toAbsolutePath();
            // certificate tunnels name their files in the auth block, relative to the config file
            return standalone(file, new IkeConfigApplier(opener, local,
                    TunnelCredentials.standalone(file.getParent())), err);
        }
        StateDir stateDir = new StateDir(Path.of(a.value("state-dir").orElse(StateDir.DEFAULT_PATH)));
        // certificate tunnels sign with the enrolled key and trust the CA pinned at enrollment
        IkeConfigApplier applier = new IkeConfigApplier(opener, local, TunnelCredentials.enrolled(
                stateDir.certificateFile(), stateDir.privateKeyFile(), stateDir.caChainFile()));
        RunOptions options = RunOptions.of(stateDir.root()).withApplier(applier).withActions(applier)
                .withStatus(applier, RunOptions.DEFAULT_STATUS_INTERVAL);
        if (a.value("server").isPresent()) {
            try {
                options = options.withServer(ServerAddress.parse(a.value("server").get()));
            } catch (IllegalArgumentException e) {
                throw new UsageException("run", e.getMessage());
            }
        }
        if (a.value("server-name").isPresent()) {
            options = options.withServerName(a.value("server-name").get());
        }
        AgentRunner runner;
        try {
            runner = AgentRunner.create(options);
        } catch (AgentStateException e) {
            err.println("gatewise-agent run: " + e.getMessage());
            return AgentMain.FAILED;
        }
        events.set(runner.eventSink());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shutdownStarted = true;
            applier.close();        // Delete payloads sent and their events queued before the session ends
            runner.stop();
            stopped.countDown();
        }, "gatewise-shutdown"));
        runner.start();
        awaitQuietly(stopped);
        return AgentMain.OK;
    }

    private static int standalone(Path file, IkeConfigApplier applier, PrintStream err) {
        AgentConfig config;
        StandaloneConfigWatcher watcher = new StandaloneConfigWatcher(file, applier);
        try {
            config = watcher.start(StandaloneConfigWatcher.DEFAULT_INTERVAL);
        } catch (GatewayStartException e) {
            watcher.close();
            err.println("gatewise-agent run: " + e.getMessage());
            return AgentMain.FAILED;
        } catch (ConfigRejectedException e) {
            watcher.close();
            err.println("gatewise-agent run: " + file + " rejected:");
            e.problems().forEach(p -> err.println("  " + p));
            return AgentMain.FAILED;
        }
        LoggerFactory.getLogger(RunCommand.class).info("standalone: config from {} applied ({}); no server; "
                + "changes to the file are applied within {} s", file, config.describeSize(),
                StandaloneConfigWatcher.DEFAULT_INTERVAL.toSeconds());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shutdownStarted = true;
            watcher.close();
            applier.close();
            LoggerFactory.getLogger(RunCommand.class).info("agent stopped");
            stopped.countDown();
        }, "gatewise-shutdown"));
        awaitQuietly(stopped);
        return AgentMain.OK;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
