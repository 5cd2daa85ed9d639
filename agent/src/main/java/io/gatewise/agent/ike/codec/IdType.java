package io.gatewise.agent.ike.codec;

import java.util.Optional;

/**
 * Identification types of the IPsec DOI (RFC 2407 section 4.6.2.1), with the length the
 * identification data must have (-1: variable, at least one byte).
 */
public enum IdType {
    IPV4_ADDR(1, 4),
    FQDN(2, -1),
    USER_FQDN(3, -1),
    IPV4_ADDR_SUBNET(4, 8),
    IPV6_ADDR(5, 16),
    IPV6_ADDR_SUBNET(6, 32),
    IPV4_ADDR_RANGE(7, 8),
    IPV6_ADDR_RANGE(8, 32),
    DER_ASN1_DN(9, -1),
    DER_ASN1_GN(10, -1),
    KEY_ID(11, -1);

    private final int value;
    private final int dataLength;

    IdType(int value, int dataLength) {
        this.value = value;
        this.dataLength = dataLength;
    }

    public int value() {
        return value;
    }

    /** The fixed length of the identification data, or -1 when it is variable. */
    public int dataLength() {
        return dataLength;
    }

    public boolean isAddressBased() {
        return dataLength > 0;
    }

    public static Optional<IdType> fromValue(int value) {
        for (IdType t : values()) {
            if (t.value == value) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
