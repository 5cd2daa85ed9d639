package io.gatewise.agent.ike.codec;

import java.util.Optional;

/** Values of the Life Type attributes (RFC 2409 Appendix A, RFC 2407 section 4.5). */
public enum LifeType {
    SECONDS(1),
    KILOBYTES(2);

    private final int value;

    LifeType(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    public static Optional<LifeType> fromValue(long value) {
        for (LifeType t : values()) {
            if (t.value == value) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
