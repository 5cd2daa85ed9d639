package io.gatewise.server.gateway;

import java.time.Instant;
import java.util.UUID;

import org.hibernate.annotations.DynamicUpdate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A branch gateway: what the admin declared (name, public address) and what its agent
 * last reported (host name, agent version, applied config version, last seen).
 * Dynamic updates: the agent columns and the admin columns are written by different
 * threads and must not overwrite each other's values.
 */
@Entity
@Table(name = "gateway")
@DynamicUpdate
public class Gateway {
    @Id
    private UUID id;

    @Column(nullable = false, unique = true, length = 63)
    private String name;

    @Column(name = "public_address", nullable = false, length = 253)
    private String publicAddress;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(length = 253)
    private String hostname;

    @Column(name = "agent_version", length = 64)
    private String agentVersion;

    @Column(name = "last_seen_at")
    private Instant lastSeenAt;

    @Column(name = "applied_config_version", nullable = false)
    private long appliedConfigVersion;

    protected Gateway() {
    }

    Gateway(UUID id, String name, String publicAddress, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.publicAddress = publicAddress;
        this.createdAt = createdAt;
    }

    public UUID getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getPublicAddress() {
        return publicAddress;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public String getHostname() {
        return hostname;
    }

    public String getAgentVersion() {
        return agentVersion;
    }

    public Instant getLastSeenAt() {
        return lastSeenAt;
    }

    /** The config version the agent last reported as running; 0 before the first. */
    public long getAppliedConfigVersion() {
        return appliedConfigVersion;
    }

    void agentConnected(String agentVersion, String hostname, long appliedVersion, Instant at) {
        this.agentVersion = agentVersion;
        this.hostname = hostname;
        this.appliedConfigVersion = appliedVersion;
        this.lastSeenAt = at;
    }

    void seen(Instant at) {
        this.lastSeenAt = at;
    }

    void applied(long version, Instant at) {
        this.appliedConfigVersion = version;
        this.lastSeenAt = at;
    }

    @Override
    public String toString() {
        return "Gateway[" + name + " " + id + "]";
    }
}
