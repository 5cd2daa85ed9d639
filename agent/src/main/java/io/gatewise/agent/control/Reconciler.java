package io.gatewise.agent.control;

import io.gatewise.agent.config.AgentConfig;
import io.gatewise.agent.config.ConfigApplier;
import io.gatewise.agent.config.ConfigRejectedException;
import io.gatewise.proto.v1.ConfigAck;
import io.gatewise.proto.v1.ConfigUpdate;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns desired configs into the running config, one at a time:
 *
 * <pre>
 *   ConfigUpdate ──► version &gt; applied? ──no──► ack ok (nothing to do)
 *                        │ yes
 *                        ▼
 *                 map + validate ──fail──► ack error, keep previous
 *                        │
 *                        ▼
 *                 save (atomic) ──fail──► ack error, keep previous
 *                        │
 *                        ▼
 *                 ConfigApplier.apply ──fail──► restore previous file, ack error
 *                        │
 *                        ▼
 *                 applied := version, ack ok
 * </pre>
 *
 * <p>The config is saved before it is applied, so a crash right after applying cannot
 * leave a running config that the agent forgets at restart; a rejected config is taken
 * back off the disk. Thread-safe; calls are serialised.
 */
public final class Reconciler {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final ConfigApplier applier;
    private final Optional<ConfigStore> store;
    private final String gatewayId;

    private volatile long appliedVersion;
    private volatile AgentConfig current;
    private ConfigUpdate currentUpdate;

    /**
     * @param applier   what runs the config
     * @param store     where applied configs are saved; empty for standalone mode
     * @param gatewayId our gateway id; a config naming another gateway is refused
     *                  (empty: accept any)
     */
    public Reconciler(ConfigApplier applier, Optional<ConfigStore> store, String gatewayId) {
        this.applier = Objects.requireNonNull(applier, "applier");
        this.store = Objects.requireNonNull(store, "store");
        this.gatewayId = Objects.requireNonNull(gatewayId, "gatewayId");
    }

    /** The version now running; 0 when none. */
    public long appliedVersion() {
        return appliedVersion;
    }

    /** The config now running. */
    public Optional<AgentConfig> current() {
        return Optional.ofNullable(current);
    }

    /**
     * Applies the saved config, if any, so that a restarted agent runs what it ran before
     * even while the server is unreachable. Problems are logged and leave the agent
     * without a config (version 0), so that the server sends the current one.
     */
    public synchronized void restore() {
        if (store.isEmpty()) {
            return;
        }
        Optional<ConfigUpdate> saved;
        try {
            saved = store.get().load();
        } catch (IOException e) {
            log.warn("saved config ignored: {}; waiting for the server", e.getMessage());
            return;
        }
        if (saved.isEmpty()) {
            log.info("no saved config; waiting for the server");
            return;
        }
        ConfigUpdate update = saved.get();
        try {
            AgentConfig config = checked(update);
            applier.apply(config);
            install(update, config);
            log.info("starting from saved config v{} ({})", update.getVersion(), config.describeSize());
        } catch (ConfigRejectedException e) {
            log.warn("saved config v{} cannot be applied: {}; waiting for the server", update.getVersion(),
                    e.getMessage());
        }
    }

    /** Applies a config from a standalone file: same checks, no version, no persistence. */
    public synchronized AgentConfig applyStandalone(io.gatewise.proto.v1.GatewayConfig proto)
            throws ConfigRejectedException {
        ConfigUpdate update = ConfigUpdate.newBuilder().setVersion(appliedVersion + 1).setConfig(proto).build();
        AgentConfig config = checked(update);
        applier.apply(config);
        install(update, config);
        return config;
    }

    /** Handles one pushed config and returns the acknowledgement to send. */
    public synchronized ConfigAck offer(ConfigUpdate update) {
        long version = update.getVersion();
        if (version == 0) {
            return reject(0, "config version 0 is not valid; versions start at 1");
        }
        if (Long.compareUnsigned(version, appliedVersion) <= 0) {
            log.debug("config v{} is not newer than applied v{}; acknowledged without change", version, appliedVersion);
            return ConfigAck.newBuilder().setVersion(version).setOk(true).build();
        }
        AgentConfig config;
        try {
            config = checked(update);
        } catch (ConfigRejectedException e) {
            return reject(version, e.getMessage());
        }
        if (store.isPresent()) {
            try {
                store.get().save(update);
            } catch (IOException e) {
                return reject(version, "the agent cannot save the config: " + Failures.describe(e));
            }
        }
        try {
            applier.apply(config);
        } catch (ConfigRejectedException | RuntimeException e) {
            restorePreviousFile();
            if (e instanceof RuntimeException) {
                // Not an expected rejection but a bug: the stack trace is wanted here.
                log.error("config v{}: the applier failed unexpectedly", version, e);
                return reject(version, "internal error while applying: " + Failures.describe(e));
            }
            return reject(version, e.getMessage());
        }
        install(update, config);
        log.info("config v{} applied ({})", version, config.describeSize());
        return ConfigAck.newBuilder().setVersion(version).setOk(true).build();
    }

    private AgentConfig checked(ConfigUpdate update) throws ConfigRejectedException {
        if (!update.hasConfig()) {
            throw new ConfigRejectedException("the update carries no config");
        }
        String target = update.getConfig().getGatewayId();
        if (!gatewayId.isEmpty() && !target.isEmpty() && !target.equals(gatewayId)) {
            throw new ConfigRejectedException("the config is for gateway " + target
                    + " but this agent is gateway " + gatewayId);
        }
        return ConfigMapper.toValidDomain(update.getConfig());
    }

    private void install(ConfigUpdate update, AgentConfig config) {
        currentUpdate = update;
        current = config;
        appliedVersion = update.getVersion();
    }

    private ConfigAck reject(long version, String error) {
        log.warn("config v{} rejected: {}; {}", version, error,
                appliedVersion == 0 ? "no config running" : "keeping v" + appliedVersion);
        return ConfigAck.newBuilder().setVersion(version).setOk(false).setError(error).build();
    }

    private void restorePreviousFile() {
        if (store.isEmpty()) {
            return;
        }
        try {
            if (currentUpdate != null) {
                store.get().save(currentUpdate);
            } else {
                store.get().delete();
            }
        } catch (IOException e) {
            log.error("cannot put back the saved config v{}: {}", appliedVersion, Failures.describe(e));
        }
    }
}
