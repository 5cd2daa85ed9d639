package io.gatewise.server.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gatewise.server.config.StoredConfig.StoredTunnel;
import io.gatewise.server.changelog.ChangeLog;
import io.gatewise.server.system.Access;
import io.gatewise.server.system.Secret;
import io.gatewise.server.system.SecretBox;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The versioned desired config of each gateway.
 *
 * <p>Every write follows the same steps: lock the gateway's {@link ConfigHead} (so two
 * admins editing at once get consecutive versions), compute the new tunnel list, store
 * it as the next version unless nothing changed, and publish {@link DesiredConfigChanged},
 * which listeners act on after commit. Reads return {@link DesiredConfig} with the
 * pre-shared keys unsealed, for delivery to the agent only.
 */
@Service
public class DesiredConfigService {
    private static final Logger log = LoggerFactory.getLogger(DesiredConfigService.class);
    public static final String PROPAGATION_METRIC = "gatewise.config.propagation";

    private final ConfigHeadRepository heads;
    private final ConfigVersionRepository versions;
    private final SecretBox secretBox;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final ChangeLog changeLog;
    private final Clock clock;
    private final Timer propagation;

    DesiredConfigService(ConfigHeadRepository heads, ConfigVersionRepository versions, SecretBox secretBox,
                         JsonMapper json, ApplicationEventPublisher events, ChangeLog changeLog, Clock clock,
                         MeterRegistry meters) {
        this.heads = heads;
        this.versions = versions;
        this.secretBox = secretBox;
        this.json = json;
        this.events = events;
        this.changeLog = changeLog;
        this.clock = clock;
        this.propagation = Timer.builder(PROPAGATION_METRIC)
                .description("Time from a desired config version's creation to the agent's successful acknowledgement")
                .publishPercentileHistogram()
                .register(meters);
    }

    /** Creates version 1, with no tunnels, for a new gateway (in the caller's transaction). */
    @Transactional
    public DesiredConfig initialize(UUID gatewayId, String actor) {
        Instant now = clock.instant();
        heads.save(new ConfigHead(gatewayId, now));
        versions.save(new ConfigVersion(gatewayId, 1, json.writeValueAsString(StoredConfig.empty()), actor, now));
        events.publishEvent(new DesiredConfigChanged(gatewayId, 1));
        return new DesiredConfig(gatewayId, 1, now, List.of());
    }

    /** The current version number. */
    @Transactional(readOnly = true)
    public long currentVersion(UUID gatewayId) {
        return heads.findById(gatewayId).map(ConfigHead::getCurrentVersion)
                .orElseThrow(() -> new ConfigNotFoundException("no gateway " + gatewayId));
    }

    /** The current version of every gateway, for lists. */
    @Transactional(readOnly = true)
    public java.util.Map<UUID, Long> currentVersions() {
        java.util.Map<UUID, Long> result = new java.util.HashMap<>();
        heads.findAll().forEach(h -> result.put(h.getGatewayId(), h.getCurrentVersion()));
        return result;
    }

    /** The current desired config with pre-shared keys unsealed. */
    @Transactional(readOnly = true)
    public DesiredConfig current(UUID gatewayId) {
        return resolve(currentRow(gatewayId, false));
    }

    /**
     * Adds a tunnel ({@code existingName} null) or replaces the tunnel called
     * {@code existingName} (possibly renaming it). A blank PSK keeps the current one.
     *
     * @return the version now current (unchanged when the edit changed nothing)
     * @throws InvalidTunnelException  when the input has mistakes
     * @throws ConfigNotFoundException when the gateway or the edited tunnel does not exist
     */
    @PreAuthorize(Access.MANAGE)
    @Transactional
    public long putTunnel(UUID gatewayId, String existingName, TunnelInput input, String actor) {
        ConfigVersion row = currentRow(gatewayId, true);
        DesiredConfig current = resolve(row);
        List<TunnelSpec> tunnels = new ArrayList<>(current.tunnels());
        Optional<TunnelSpec> edited = existingName == null ? Optional.empty()
                : tunnels.stream().filter(t -> t.name().equals(existingName)).findFirst();
        if (existingName != null && edited.isEmpty()) {
            throw new ConfigNotFoundException("gateway " + gatewayId + " has no tunnel '" + existingName + "'");
        }
        TunnelValidator.Checked checked = TunnelValidator.check(input, edited.isEmpty());
        edited.ifPresent(tunnels::remove);
        if (tunnels.stream().anyMatch(t -> t.name().equals(checked.name()))) {
            throw new InvalidTunnelException(java.util.Map.of("name", "This gateway already has a tunnel called '"
                    + checked.name() + "'."));
        }
        Secret psk = checked.psk().isEmpty() ? edited.orElseThrow().psk() : Secret.of(checked.psk());
        // the form edits peer, subnets, key and proposals; the other settings stay as they were
        TunnelSpec saved = new TunnelSpec(checked.name(), checked.remoteAddress(), checked.localSubnets(),
                checked.remoteSubnets(), psk, checked.ikeProposals(), checked.espProposals(),
                edited.map(TunnelSpec::options).orElse(TunnelOptions.DEFAULTS));
        tunnels.add(saved);
        long version = store(row, current, tunnels, actor);
        if (version != current.version()) {
            changeLog.record(actor, edited.isEmpty() ? "create" : "update", "tunnel", gatewayId + "/" + saved.name(),
                    edited.map(t -> TunnelSnapshot.of(gatewayId, t, current.version())).orElse(null),
                    TunnelSnapshot.of(gatewayId, saved, version, edited.map(t -> !t.psk().equals(psk)).orElse(true)));
        }
        return version;
    }

    /**
     * Removes a tunnel.
     *
     * @return the version now current
     */
    @PreAuthorize(Access.MANAGE)
    @Transactional
    public long deleteTunnel(UUID gatewayId, String name, String actor) {
        ConfigVersion row = currentRow(gatewayId, true);
        DesiredConfig current = resolve(row);
        List<TunnelSpec> tunnels = new ArrayList<>(current.tunnels());
        Optional<TunnelSpec> removed = tunnels.stream().filter(t -> t.name().equals(name)).findFirst();
        if (removed.isEmpty()) {
            throw new ConfigNotFoundException("gateway " + gatewayId + " has no tunnel '" + name + "'");
        }
        tunnels.remove(removed.get());
        long version = store(row, current, tunnels, actor);
        changeLog.record(actor, "delete", "tunnel", gatewayId + "/" + name,
                TunnelSnapshot.of(gatewayId, removed.get(), current.version()), null);
        return version;
    }

    /**
     * Replaces the gateway's compiled topology tunnels with {@code compiled} and keeps its
     * manual tunnels (decision D9: compiled tunnels are the ones named "a--b", a name no
     * manual tunnel may take). A new version is stored, and pushed after commit, only
     * when the merged tunnel list differs from the current one. The caller (the topology
     * service) checks the caller's role and records the change log entry.
     *
     * @return the version now current
     */
    @Transactional
    public long setCompiledTunnels(UUID gatewayId, List<TunnelSpec> compiled, String actor) {
        ConfigVersion row = currentRow(gatewayId, true);
        DesiredConfig current = resolve(row);
        List<TunnelSpec> tunnels = new ArrayList<>();
        current.tunnels().stream().filter(t -> !isCompiledName(t.name())).forEach(tunnels::add);
        tunnels.addAll(compiled);
        return store(row, current, tunnels, actor);
    }

    /** Decision D9: "a--b" names belong to compiled topology tunnels. */
    public static boolean isCompiledName(String tunnelName) {
        return tunnelName.contains("--");
    }

    private long store(ConfigVersion currentRow, DesiredConfig current, List<TunnelSpec> tunnels, String actor) {
        tunnels.sort(Comparator.comparing(TunnelSpec::name));
        if (tunnels.equals(current.tunnels())) {
            return current.version(); // an edit that changes nothing is no new version
        }
        UUID gatewayId = current.gatewayId();
        Instant now = clock.instant();
        ConfigHead head = heads.findById(gatewayId).orElseThrow(); // locked by currentRow
        long version = head.bump(now);
        List<StoredTunnel> stored = tunnels.stream().map(t -> new StoredTunnel(t.name(), t.remoteAddress(),
                t.localSubnets(), t.remoteSubnets(),
                Base64.getEncoder().encodeToString(secretBox.sealString(t.psk().reveal(), pskContext(gatewayId, t.name()))),
                t.ikeProposals(), t.espProposals(), t.options())).toList();
        versions.save(new ConfigVersion(gatewayId, version,
                json.writeValueAsString(new StoredConfig(StoredConfig.FORMAT, stored)), actor, now));
        log.info("Config v{} of gateway {} created by {} ({} tunnel(s))", version, gatewayId, actor, tunnels.size());
        events.publishEvent(new DesiredConfigChanged(gatewayId, version));
        return version;
    }

    /**
     * Re-issues the current config as a version above {@code agentVersion}. Needed when an
     * agent reports having applied a version newer than any the server knows (its database
     * was restored from a backup): agents ignore versions at or below the one they run, so
     * the server's desired state must come with a higher number to be applied.
     *
     * @return the version now current
     */
    @Transactional
    public long reissueAbove(UUID gatewayId, long agentVersion, String actor) {
        ConfigVersion row = currentRow(gatewayId, true);
        if (row.getVersion() > agentVersion) {
            return row.getVersion();
        }
        Instant now = clock.instant();
        long version = heads.findById(gatewayId).orElseThrow().jumpTo(agentVersion + 1, now);
        versions.save(new ConfigVersion(gatewayId, version, row.getConfig(), actor, now));
        log.warn("Gateway {} runs config v{} but the newest known here was v{} (database restored?); "
                + "re-issued the current config as v{}", gatewayId, agentVersion, row.getVersion(), version);
        events.publishEvent(new DesiredConfigChanged(gatewayId, version));
        return version;
    }

    /** Records that a version went out on the agent's stream. */
    @Transactional
    public void markSent(UUID gatewayId, long version) {
        versions.markSent(gatewayId, version, clock.instant());
    }

    /**
     * Records the agent's acknowledgement and, on the first successful one, the
     * propagation time (also published as the {@value #PROPAGATION_METRIC} timer).
     *
     * @return the propagation time when this ack made the version applied
     */
    @Transactional
    public Optional<Duration> recordAck(UUID gatewayId, long version, boolean ok, String error) {
        Optional<ConfigVersion> row = versions.findByGatewayIdAndVersion(gatewayId, version);
        if (row.isEmpty()) {
            return Optional.empty(); // an agent acking a version we never had: logged by the caller
        }
        Duration took = row.get().acknowledge(ok, abbreviate(error), clock.instant());
        if (took != null) {
            propagation.record(took);
        }
        return Optional.ofNullable(took);
    }

    /** The newest {@code limit} versions, newest first. */
    @Transactional(readOnly = true)
    public List<ConfigVersionView> history(UUID gatewayId, int limit) {
        return versions.findByGatewayIdOrderByVersionDesc(gatewayId, PageRequest.of(0, limit)).stream()
                .map(this::view).toList();
    }

    /** The delivery record of the current version. */
    @Transactional(readOnly = true)
    public ConfigVersionView currentStatus(UUID gatewayId) {
        return view(currentRow(gatewayId, false));
    }

    private ConfigVersionView view(ConfigVersion v) {
        Duration took = Boolean.TRUE.equals(v.getAckOk()) ? Duration.between(v.getCreatedAt(), v.getAckedAt()) : null;
        return new ConfigVersionView(v.getVersion(), parse(v).tunnels().size(), v.getCreatedBy(), v.getCreatedAt(),
                v.getSentAt(), v.getAckedAt(), v.getAckOk(), v.getAckError(), took);
    }

    private ConfigVersion currentRow(UUID gatewayId, boolean lock) {
        Optional<ConfigHead> head = lock ? heads.lockByGatewayId(gatewayId) : heads.findById(gatewayId);
        long version = head.orElseThrow(() -> new ConfigNotFoundException("no gateway " + gatewayId)).getCurrentVersion();
        return versions.findByGatewayIdAndVersion(gatewayId, version).orElseThrow(
                () -> new IllegalStateException("config v" + version + " of gateway " + gatewayId + " is missing"));
    }

    private StoredConfig parse(ConfigVersion row) {
        StoredConfig stored = json.readValue(row.getConfig(), StoredConfig.class);
        if (stored.format() != StoredConfig.FORMAT) {
            throw new IllegalStateException("config v" + row.getVersion() + " has unknown format " + stored.format());
        }
        return stored;
    }

    private DesiredConfig resolve(ConfigVersion row) {
        UUID gatewayId = row.getGatewayId();
        List<TunnelSpec> tunnels = parse(row).tunnels().stream().map(t -> new TunnelSpec(t.name(), t.remoteAddress(),
                t.localSubnets(), t.remoteSubnets(),
                Secret.of(secretBox.openString(Base64.getDecoder().decode(t.psk()), pskContext(gatewayId, t.name()))),
                t.ikeProposals(), t.espProposals(), t.optionsOrDefaults())).toList();
        return new DesiredConfig(gatewayId, row.getVersion(), row.getCreatedAt(), tunnels);
    }

    private static String pskContext(UUID gatewayId, String tunnel) {
        return "psk:" + gatewayId + ":" + tunnel;
    }

    private static String abbreviate(String error) {
        if (error == null) {
            return null;
        }
        return error.length() <= 2000 ? error : error.substring(0, 2000) + "...";
    }
}
