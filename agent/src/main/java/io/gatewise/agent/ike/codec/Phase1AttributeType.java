package io.gatewise.agent.ike.codec;

import java.util.Optional;

/**
 * Attribute classes of the IKE (phase 1) transform, RFC 2409 Appendix A. Classes marked
 * variable ("V") may still arrive in basic form when the value fits two octets; basic
 * ("B") classes must never be variable.
 */
public enum Phase1AttributeType {
    ENCRYPTION_ALGORITHM(1, false),
    HASH_ALGORITHM(2, false),
    AUTHENTICATION_METHOD(3, false),
    GROUP_DESCRIPTION(4, false),
    GROUP_TYPE(5, false),
    GROUP_PRIME(6, true),
    GROUP_GENERATOR_ONE(7, true),
    GROUP_GENERATOR_TWO(8, true),
    GROUP_CURVE_A(9, true),
    GROUP_CURVE_B(10, true),
    LIFE_TYPE(11, false),
    LIFE_DURATION(12, true),
    PRF(13, false),
    KEY_LENGTH(14, false),
    FIELD_SIZE(15, false),
    GROUP_ORDER(16, true);

    private final int value;
    private final boolean variable;

    Phase1AttributeType(int value, boolean variable) {
        this.value = value;
        this.variable = variable;
    }

    public int value() {
        return value;
    }

    public boolean isVariable() {
        return variable;
    }

    public static Optional<Phase1AttributeType> fromValue(int value) {
        for (Phase1AttributeType t : values()) {
            if (t.value == value) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
