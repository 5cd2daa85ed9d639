package io.gatewise.server.enrollment;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A one-time enrollment token, stored as its SHA-256 only. */
@Entity
@Table(name = "enrollment_token")
class EnrollmentToken {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "gateway_id", nullable = false)
    private UUID gatewayId;

    @Column(name = "token_hash", nullable = false, unique = true)
    private byte[] tokenHash;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "used_at")
    private Instant usedAt;

    @Column(name = "used_by_hostname", length = 253)
    private String usedByHostname;

    @Column(name = "used_by_agent_version", length = 64)
    private String usedByAgentVersion;

    protected EnrollmentToken() {
    }

    EnrollmentToken(UUID gatewayId, byte[] tokenHash, Instant createdAt, Instant expiresAt) {
        this.gatewayId = gatewayId;
        this.tokenHash = tokenHash;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    UUID getGatewayId() {
        return gatewayId;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    Instant getExpiresAt() {
        return expiresAt;
    }

    Instant getUsedAt() {
        return usedAt;
    }

    String getUsedByHostname() {
        return usedByHostname;
    }

    String getUsedByAgentVersion() {
        return usedByAgentVersion;
    }

    /** Ends an unused token early (a newer token for the same gateway replaces it). */
    void expire(Instant at) {
        if (usedAt == null && expiresAt.isAfter(at)) {
            expiresAt = at;
        }
    }

    @Override
    public String toString() {
        return "EnrollmentToken[gateway " + gatewayId + ", expires " + expiresAt + (usedAt != null ? ", used" : "") + "]";
    }
}
