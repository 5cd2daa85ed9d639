package io.gatewise.server.user;

import java.time.Instant;

/** A user as shown in lists, the API and change-log snapshots (never the password hash). */
public record UserView(long id, String username, String role, boolean enabled, Instant createdAt) {
    static UserView of(UserAccount u) {
        return new UserView(u.getId(), u.getUsername(), u.getRole(), u.isEnabled(), u.getCreatedAt());
    }
}
