package io.gatewise.server.config;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The current desired config version of one gateway; locked to bump it. */
@Entity
@Table(name = "config_head")
class ConfigHead {
    @Id
    @Column(name = "gateway_id")
    private UUID gatewayId;

    @Column(name = "current_version", nullable = false)
    private long currentVersion;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected ConfigHead() {
    }

    ConfigHead(UUID gatewayId, Instant at) {
        this.gatewayId = gatewayId;
        this.currentVersion = 1;
        this.updatedAt = at;
    }

    UUID getGatewayId() {
        return gatewayId;
    }

    long getCurrentVersion() {
        return currentVersion;
    }

    /** Jumps to {@code version} (higher than the current one); see DesiredConfigService#reissueAbove. */
    long jumpTo(long version, Instant at) {
        if (version <= currentVersion) {
            throw new IllegalArgumentException("version " + version + " is not above " + currentVersion);
        }
        currentVersion = version;
        updatedAt = at;
        return currentVersion;
    }

    long bump(Instant at) {
        currentVersion++;
        updatedAt = at;
        return currentVersion;
    }
}
