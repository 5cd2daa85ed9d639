package io.gatewise.server.system;

import java.util.Objects;

/**
 * A secret value in plain text (a pre-shared key, a password) that must never end up in
 * a log line: {@link #toString()} is redacted, and the value is only reachable through
 * {@link #reveal()}, which makes every use easy to find.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The plain-text value. Call only where the secret is actually needed. */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && java.security.MessageDigest.isEqual(
                value.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                other.value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return 0; // no information about the value; secrets are not hash keys
    }

    @Override
    public String toString() {
        return "Secret[redacted]";
    }
}
