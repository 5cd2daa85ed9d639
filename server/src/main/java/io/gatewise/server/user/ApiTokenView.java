package io.gatewise.server.user;

import java.time.Instant;

/** A token as listed and as recorded in the change log: never its value or hash. */
public record ApiTokenView(long id, String owner, String name, String prefix, String role, Instant createdAt,
                           Instant expiresAt, Instant lastUsedAt, Instant revokedAt) {
    static ApiTokenView of(ApiToken t, String owner) {
        return new ApiTokenView(t.getId(), owner, t.getName(), t.getPrefix(), t.role().name(), t.getCreatedAt(),
                t.getExpiresAt(), t.getLastUsedAt(), t.getRevokedAt());
    }

    public boolean active(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}
