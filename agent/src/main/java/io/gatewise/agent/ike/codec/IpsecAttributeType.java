package io.gatewise.agent.ike.codec;

import java.util.Optional;

/**
 * Attribute classes of IPsec DOI (phase 2) transforms, RFC 2407 section 4.5, plus the
 * later IANA registrations for ECN tunnelling (RFC 3168) and extended sequence numbers
 * (RFC 4304).
 */
public enum IpsecAttributeType {
    SA_LIFE_TYPE(1, false),
    SA_LIFE_DURATION(2, true),
    GROUP_DESCRIPTION(3, false),
    ENCAPSULATION_MODE(4, false),
    AUTHENTICATION_ALGORITHM(5, false),
    KEY_LENGTH(6, false),
    KEY_ROUNDS(7, false),
    COMPRESS_DICTIONARY_SIZE(8, false),
    COMPRESS_PRIVATE_ALGORITHM(9, true),
    ECN_TUNNEL(10, false),
    EXTENDED_SEQUENCE_NUMBER(11, false);

    private final int value;
    private final boolean variable;

    IpsecAttributeType(int value, boolean variable) {
        this.value = value;
        this.variable = variable;
    }

    public int value() {
        return value;
    }

    public boolean isVariable() {
        return variable;
    }

    public static Optional<IpsecAttributeType> fromValue(int value) {
        for (IpsecAttributeType t : values()) {
            if (t.value == value) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
