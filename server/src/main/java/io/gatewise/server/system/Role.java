package io.gatewise.server.system;

import java.util.Locale;
import java.util.Optional;

/**
 * What a user (or one of their API tokens) may do. Stored by name in
 * {@code user_account.role} and {@code api_token.role}; Spring Security sees it as the
 * authority {@code ROLE_<name>}.
 *
 * <ul>
 *   <li>ADMIN manages everything, users included;</li>
 *   <li>OPERATOR manages gateways, topologies and policies;</li>
 *   <li>AUDITOR reads everything, the change and audit logs included, and changes nothing.</li>
 * </ul>
 */
public enum Role {
    ADMIN("manages everything, users included"),
    OPERATOR("manages gateways, topologies and policies"),
    AUDITOR("reads everything and the audit logs; changes nothing");

    private final String description;

    Role(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The Spring Security authority, {@code ROLE_ADMIN} etc. */
    public String authority() {
        return "ROLE_" + name();
    }

    /**
     * Whether a holder of this role may hand {@code other} to an API token. An AUDITOR
     * reads the audit logs that an OPERATOR may not, so the roles are not a ladder:
     * only ADMIN covers the others.
     */
    public boolean covers(Role other) {
        return this == ADMIN || this == other;
    }

    public static Optional<Role> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
