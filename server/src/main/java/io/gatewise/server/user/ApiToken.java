package io.gatewise.server.user;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.gatewise.server.system.Role;

/** A personal API token: only its SHA-256 is stored; the token itself was shown once. */
@Entity
@Table(name = "api_token")
public class ApiToken {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "user_id", nullable = false)
    private Long userId;

    @Column(nullable = false, length = 64)
    private String name;

    @Column(name = "token_hash", nullable = false, unique = true)
    private byte[] tokenHash;

    /** The first characters of the token, so its owner can tell tokens apart. */
    @Column(nullable = false, length = 16)
    private String prefix;

    @Column(nullable = false, length = 32)
    private String role;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected ApiToken() {
    }

    ApiToken(Long userId, String name, byte[] tokenHash, String prefix, Role role, Instant createdAt,
             Instant expiresAt) {
        this.userId = userId;
        this.name = name;
        this.tokenHash = tokenHash.clone();
        this.prefix = prefix;
        this.role = role.name();
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public Long getId() {
        return id;
    }

    public Long getUserId() {
        return userId;
    }

    public String getName() {
        return name;
    }

    public String getPrefix() {
        return prefix;
    }

    public Role role() {
        return Role.valueOf(role);
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public Instant getLastUsedAt() {
        return lastUsedAt;
    }

    public Instant getRevokedAt() {
        return revokedAt;
    }

    boolean usableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    void used(Instant now) {
        this.lastUsedAt = now;
    }

    void revoke(Instant now) {
        this.revokedAt = now;
    }

    @Override
    public String toString() {
        return "ApiToken[" + id + ", " + name + ", " + prefix + "…]";
    }
}
