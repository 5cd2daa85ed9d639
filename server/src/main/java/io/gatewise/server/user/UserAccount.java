package io.gatewise.server.user;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An operator of the web UI. */
@Entity
@Table(name = "user_account")
public class UserAccount {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 64)
    private String username;

    @Column(name = "password_hash", nullable = false, length = 100)
    private String passwordHash;

    @Column(nullable = false, length = 32)
    private String role;

    @Column(nullable = false)
    private boolean enabled;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected UserAccount() {
    }

    public UserAccount(String username, String passwordHash, String role, Instant createdAt) {
        this.username = username;
        this.passwordHash = passwordHash;
        this.role = role;
        this.enabled = true;
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public String getUsername() {
        return username;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public String getRole() {
        return role;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    /** The stored role; ADMIN for anything unknown is impossible (a CHECK constraint). */
    public io.gatewise.server.system.Role role() {
        return io.gatewise.server.system.Role.valueOf(role);
    }

    void changeRole(io.gatewise.server.system.Role newRole) {
        this.role = newRole.name();
    }

    void changeEnabled(boolean newEnabled) {
        this.enabled = newEnabled;
    }

    void changePasswordHash(String newHash) {
        this.passwordHash = newHash;
    }

    @Override
    public String toString() {
        return "UserAccount[" + username + ", " + role + "]";
    }
}
