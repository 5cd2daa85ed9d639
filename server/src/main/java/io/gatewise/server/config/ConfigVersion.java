package io.gatewise.server.config;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One desired config version of a gateway and what became of it: created, sent to the
 * agent, acknowledged (applied or rejected with the agent's reason). Dynamic updates: the
 * ack and the send time are written by different threads and must not overwrite each other.
 */
@Entity
@Table(name = "config_version")
@DynamicUpdate
class ConfigVersion {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "gateway_id", nullable = false)
    private UUID gatewayId;

    @Column(nullable = false)
    private long version;

    /** {@link StoredConfig} as JSON; pre-shared keys inside are sealed. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    private String config;

    @Column(name = "created_by", nullable = false, length = 64)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "sent_at")
    private Instant sentAt;

    @Column(name = "acked_at")
    private Instant ackedAt;

    @Column(name = "ack_ok")
    private Boolean ackOk;

    @Column(name = "ack_error", columnDefinition = "text")
    private String ackError;

    protected ConfigVersion() {
    }

    ConfigVersion(UUID gatewayId, long version, String config, String createdBy, Instant createdAt) {
        this.gatewayId = gatewayId;
        this.version = version;
        this.config = config;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    UUID getGatewayId() {
        return gatewayId;
    }

    long getVersion() {
        return version;
    }

    String getConfig() {
        return config;
    }

    String getCreatedBy() {
        return createdBy;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    Instant getSentAt() {
        return sentAt;
    }

    Instant getAckedAt() {
        return ackedAt;
    }

    Boolean getAckOk() {
        return ackOk;
    }

    String getAckError() {
        return ackError;
    }

    /**
     * Records the agent's answer. An applied version stays applied: a later duplicate
     * ack (e.g. after a reconnect) does not move the timestamp.
     *
     * @return the propagation time when this is the first successful ack, else null
     */
    Duration acknowledge(boolean ok, String error, Instant at) {
        if (Boolean.TRUE.equals(ackOk)) {
            return null;
        }
        ackOk = ok;
        ackError = ok ? null : error;
        ackedAt = at;
        return ok ? Duration.between(createdAt, at) : null;
    }
}
