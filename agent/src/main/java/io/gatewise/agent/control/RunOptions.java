package io.gatewise.agent.control;

import io.gatewise.agent.config.ConfigApplier;
import io.gatewise.agent.config.TunnelActions;
import io.gatewise.agent.control.journal.JournalLimits;
import io.gatewise.agent.events.StatusProvider;
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
 * @param status         polled for the periodic {@code StatusReport}
 * @param statusInterval how often a connected agent sends a {@code StatusReport}
 * @param journalLimits  bounds of the on-disk event queue
 * @param actions        runs the operator's per-tunnel actions the server sends
 */
public record RunOptions(Path stateDir, Optional<ServerAddress> server, Optional<String> serverName,
                         ConfigApplier applier, Duration initialBackoff, Duration maxBackoff, Duration keepAlive,
                         StatusProvider status, Duration statusInterval, JournalLimits journalLimits,
                         TunnelActions actions) {

    /** Default interval of status reports. */
    public static final Duration DEFAULT_STATUS_INTERVAL = Duration.ofSeconds(5);

    public RunOptions {
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(applier, "applier");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(keepAlive, "keepAlive");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(statusInterval, "statusInterval");
        if (statusInterval.isNegative() || statusInterval.isZero()) {
            throw new IllegalArgumentException("statusInterval must be positive: " + statusInterval);
        }
        Objects.requireNonNull(journalLimits, "journalLimits");
        Objects.requireNonNull(actions, "actions");
    }

    /**
     * Defaults: logging applier, backoff 1 s doubling to 60 s, keepalive every 5 minutes,
     * no SAs to report, status every 5 s, default journal limits, no tunnel actions.
     */
    public static RunOptions of(Path stateDir) {
        return new RunOptions(stateDir, Optional.empty(), Optional.empty(), new LoggingConfigApplier(),
                Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(5), StatusProvider.EMPTY,
                DEFAULT_STATUS_INTERVAL, JournalLimits.defaults(), TunnelActions.NONE);
    }

    public RunOptions withServer(ServerAddress address) {
        return new RunOptions(stateDir, Optional.of(address), serverName, applier, initialBackoff, maxBackoff, keepAlive,
                status, statusInterval, journalLimits, actions);
    }

    public RunOptions withServerName(String name) {
        return new RunOptions(stateDir, server, Optional.of(name), applier, initialBackoff, maxBackoff, keepAlive,
                status, statusInterval, journalLimits, actions);
    }

    public RunOptions withApplier(ConfigApplier configApplier) {
        return new RunOptions(stateDir, server, serverName, configApplier, initialBackoff, maxBackoff, keepAlive,
                status, statusInterval, journalLimits, actions);
    }

    public RunOptions withBackoff(Duration initial, Duration max) {
        return new RunOptions(stateDir, server, serverName, applier, initial, max, keepAlive,
                status, statusInterval, journalLimits, actions);
    }

    public RunOptions withKeepAlive(Duration interval) {
        return new RunOptions(stateDir, server, serverName, applier, initialBackoff, maxBackoff, interval,
                status, statusInterval, journalLimits, actions);
    }

    /** What the periodic status reports contain, and how often they are sent. */
    public RunOptions withStatus(StatusProvider provider, Duration interval) {
        return new RunOptions(stateDir, server, serverName, applier, initialBackoff, maxBackoff, keepAlive,
                provider, interval, journalLimits, actions);
    }

    public RunOptions withJournalLimits(JournalLimits limits) {
        return new RunOptions(stateDir, server, serverName, applier, initialBackoff, maxBackoff, keepAlive,
                status, statusInterval, limits, actions);
    }

    /** What runs the per-tunnel actions the server sends (default: none, every action refused). */
    public RunOptions withActions(TunnelActions tunnelActions) {
        return new RunOptions(stateDir, server, serverName, applier, initialBackoff, maxBackoff, keepAlive,
                status, statusInterval, journalLimits, tunnelActions);
    }
}
