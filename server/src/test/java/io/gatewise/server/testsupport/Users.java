package io.gatewise.server.testsupport;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import io.gatewise.server.system.Role;
import io.gatewise.server.system.Secret;
import io.gatewise.server.user.ApiTokenService;
import io.gatewise.server.user.UserService;

/** Creates users of each role and their API tokens through the real services. */
public final class Users {
    public static final String PASSWORD = "test-user-password-1";

    private Users() {
    }

    /** A new enabled user called {@code prefix-xxxxxx} with the role. */
    public static String create(UserService users, String prefix, Role role) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        AsAdmin.run(() -> users.createUser(name, role.name(), Secret.of(PASSWORD), Secret.of(PASSWORD)));
        return name;
    }

    /** A personal API token of {@code owner} with {@code role}, created as that user. */
    public static String token(ApiTokenService tokens, String owner, Role ownerRole, Role role, Instant expiresAt) {
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(owner, null,
                List.of(new SimpleGrantedAuthority(ownerRole.authority()))));
        SecurityContextHolder.setContext(context);
        try {
            return tokens.create(owner, "t-" + UUID.randomUUID().toString().substring(0, 8), role.name(), expiresAt)
                    .value().reveal();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
