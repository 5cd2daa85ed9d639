package io.gatewise.agent.control;

import io.gatewise.agent.config.ConfigApplier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link AgentRunner} needs.
 *
 * @param stateDir       the enrolled state directory
 * @param server         server address; empty means the one remembered from enrollment
 * @param serverName     TLS name to expect from the server; empty means the one from
 *                       enrollment, or the host
 * @param applier        what runs the configs
 * @param initialBackoff first reconnect delay ceiling
 * @param maxBackoff     largest reconnect delay
 * @param keepAlive      HTTP/2 keepalive ping interval; detects a dead server. The server
 *                       must permit it (grpc-java servers reject pings more often than every
 *                       5 minutes unless {@code permitKeepAliveTime} is lowered)
 */
public record RunOptions(Path stateDir, Optional<ServerAddress> server, Optional<String> serverName,
                         ConfigApplier applier, Duration initialBackoff, Duration maxBackoff, Duration keepAlive) {

    public RunOptions {
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(applier, "applier");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(keepAlive, "keepAlive");
    }

    /** Defaults: logging applier, backoff 1 s doubling to 60 s, keepalive every 5 minutes. */
    public static RunOptions of(Path stateDir) {
        return new RunOptions(stateDir, Optional.empty(), Optional.empty(), new LoggingConfigApplier(),
                Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(5));
    }

    public RunOptions withServer(ServerAddress address) {
        return new RunOptions(stateDir, Optional.of(address), serverName, applier, initialBackoff, maxBackoff, keepAlive);
    }

    public RunOptions withServerName(String name) {
        return new RunOptions(stateDir, server, Optional.of(name), applier, initialBackoff, maxBackoff, keepAlive);
    }

    public RunOptions withApplier(ConfigApplier configApplier) {
        return new RunOptions(stateDir, server, serverName, configApplier, initialBackoff, maxBackoff, keepAlive);
    }

    public RunOptions withBackoff(Duration initial, Duration max) {
        return new RunOptions(stateDir, server, serverName, applier, initial, max, keepAlive);
    }

    public RunOptions withKeepAlive(Duration interval) {
        return new RunOptions(stateDir, server, serverName, applier, initialBackoff, maxBackoff, interval);
    }
}
