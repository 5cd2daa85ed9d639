package io.gatewise.server.system;

import java.util.List;
import java.util.Objects;

import org.springframework.http.HttpMethod;

/**
 * A URL rule contributed by a feature, applied by {@link SecurityConfiguration} before the
 * defaults (reads for every role, writes for ADMIN and OPERATOR). Declare one as a bean:
 *
 * <pre>{@code
 * @Bean
 * AccessRule revealPsk() {
 *     return AccessRule.of(HttpMethod.POST, "/topologies/{id}/links/{link}/reveal", Role.ADMIN);
 * }
 * }</pre>
 *
 * The pattern is a Spring {@code PathPattern}; it applies to both filter chains (UI and
 * {@code /api/v1}). The endpoint's service method still carries its own {@code @PreAuthorize}.
 *
 * @param method null for every method
 */
public record AccessRule(HttpMethod method, String pattern, List<Role> roles) {
    public AccessRule {
        Objects.requireNonNull(pattern, "pattern");
        roles = List.copyOf(roles);
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("an access rule names at least one role");
        }
    }

    public static AccessRule of(HttpMethod method, String pattern, Role... roles) {
        return new AccessRule(method, pattern, List.of(roles));
    }

    String[] roleNames() {
        return roles.stream().map(Role::name).toArray(String[]::new);
    }
}
