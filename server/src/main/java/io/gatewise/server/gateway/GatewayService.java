package io.gatewise.server.gateway;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gatewise.server.config.DesiredConfigService;
import io.gatewise.server.enrollment.EnrollmentService;
import io.gatewise.server.enrollment.IssuedToken;
import io.gatewise.server.pki.CertificateAuthority;
import io.gatewise.server.changelog.ChangeLog;
import io.gatewise.server.system.Access;
import io.gatewise.server.system.InetSyntax;

/**
 * Gateways: created by an admin together with config version 1 (no tunnels) and a
 * one-time enrollment token; deleted with their certificates revoked; and kept up to date
 * with what their agent reports.
 */
@Service
public class GatewayService {
    private static final Logger log = LoggerFactory.getLogger(GatewayService.class);

    private final GatewayRepository gateways;
    private final DesiredConfigService configs;
    private final EnrollmentService enrollment;
    private final CertificateAuthority ca;
    private final ApplicationEventPublisher events;
    private final ChangeLog changeLog;
    private final Clock clock;

    GatewayService(GatewayRepository gateways, DesiredConfigService configs, EnrollmentService enrollment,
                   CertificateAuthority ca, ApplicationEventPublisher events, ChangeLog changeLog, Clock clock) {
        this.gateways = gateways;
        this.configs = configs;
        this.enrollment = enrollment;
        this.ca = ca;
        this.events = events;
        this.changeLog = changeLog;
        this.clock = clock;
    }

    /** @throws InvalidGatewayException when the name or address is unusable or the name is taken */
    @PreAuthorize(Access.MANAGE)
    @Transactional
    public CreatedGateway create(String name, String publicAddress, String actor) {
        String cleanName = name == null ? "" : name.trim();
        String cleanAddress = publicAddress == null ? "" : publicAddress.trim();
        Map<String, String> errors = new LinkedHashMap<>();
        if (!cleanName.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            errors.put("name", "Use 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        } else if (gateways.existsByNameIgnoreCase(cleanName)) {
            errors.put("name", "A gateway called '" + cleanName + "' exists already.");
        }
        if (!InetSyntax.isHost(cleanAddress)) {
            errors.put("publicAddress", "Enter the gateway's public IP address or DNS name.");
        }
        if (!errors.isEmpty()) {
            throw new InvalidGatewayException(errors);
        }
        Gateway gateway = gateways.saveAndFlush(new Gateway(UUID.randomUUID(), cleanName, cleanAddress, clock.instant()));
        configs.initialize(gateway.getId(), actor);
        IssuedToken token = enrollment.issueToken(gateway.getId());
        changeLog.record(actor, "create", "gateway", gateway.getId(), null, Snapshot.of(gateway, token));
        log.info("Gateway {} ({}, {}) created by {}", cleanName, gateway.getId(), cleanAddress, actor);
        return new CreatedGateway(gateway, token);
    }

    /** A new one-time token; older unused tokens of the gateway stop working. */
    @PreAuthorize(Access.MANAGE)
    @Transactional
    public IssuedToken newEnrollmentToken(UUID id, String actor) {
        Gateway gateway = get(id);
        log.info("New enrollment token for gateway {} created by {}", gateway.getName(), actor);
        IssuedToken token = enrollment.issueToken(id);
        changeLog.record(actor, "issue-enrollment-token", "gateway", id, null, Snapshot.of(gateway, token));
        return token;
    }

    /** Deletes the gateway and revokes its certificates; its agent is disconnected after commit. */
    @PreAuthorize(Access.MANAGE)
    @Transactional
    public void delete(UUID id, String actor) {
        Gateway gateway = get(id);
        changeLog.record(actor, "delete", "gateway", id, Snapshot.of(gateway, null), null);
        ca.revokeAgentCertificates(id);
        gateways.delete(gateway);
        log.info("Gateway {} ({}) deleted by {}", gateway.getName(), id, actor);
        events.publishEvent(new GatewayRemoved(id, gateway.getName()));
    }

    /** What the change log keeps of a gateway: never the enrollment token, only its expiry. */
    record Snapshot(UUID id, String name, String publicAddress, java.time.Instant enrollmentExpiresAt) {
        static Snapshot of(Gateway g, IssuedToken token) {
            return new Snapshot(g.getId(), g.getName(), g.getPublicAddress(), token == null ? null : token.expiresAt());
        }
    }

    @Transactional(readOnly = true)
    public List<Gateway> list() {
        return gateways.findAllByOrderByNameAsc();
    }

    @Transactional(readOnly = true)
    public Optional<Gateway> find(UUID id) {
        return gateways.findById(id);
    }

    @Transactional(readOnly = true)
    public Gateway get(UUID id) {
        return gateways.findById(id).orElseThrow(() -> new GatewayNotFoundException(id));
    }

    /** The agent opened its stream and said Hello. */
    @Transactional
    public void recordAgentConnected(UUID id, String agentVersion, String hostname, long appliedVersion) {
        gateways.findById(id).ifPresent(g -> g.agentConnected(agentVersion, hostname, appliedVersion, clock.instant()));
    }

    /** The agent was heard from (a message, or its stream closing). */
    @Transactional
    public void recordSeen(UUID id) {
        gateways.findById(id).ifPresent(g -> g.seen(clock.instant()));
    }

    /** The agent acknowledged having applied {@code version}. */
    @Transactional
    public void recordApplied(UUID id, long version) {
        gateways.findById(id).ifPresent(g -> g.applied(version, clock.instant()));
    }
}
