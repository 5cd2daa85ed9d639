package io.gatewise.agent.ike.auth;

import java.util.Optional;

/**
 * Identification types of the IPsec DOI (RFC 2407 section 4.6.2.1), as carried in the
 * Phase 1 ID payload. Only {@link #IPV4_ADDR}, {@link #FQDN}, {@link #USER_FQDN},
 * {@link #IPV6_ADDR} and {@link #DER_ASN1_DN} can be checked against a certificate
 * (RFC 4945 section 3.1); the others are listed so that a peer using one gets a plain
 * answer instead of "unknown type".
 */
public enum IdentityType {
    IPV4_ADDR(1, "IPV4"),
    FQDN(2, "FQDN"),
    USER_FQDN(3, "USER_FQDN"),
    IPV4_ADDR_SUBNET(4, "IPV4_SUBNET"),
    IPV6_ADDR(5, "IPV6"),
    IPV6_ADDR_SUBNET(6, "IPV6_SUBNET"),
    IPV4_ADDR_RANGE(7, "IPV4_RANGE"),
    IPV6_ADDR_RANGE(8, "IPV6_RANGE"),
    DER_ASN1_DN(9, "DN"),
    DER_ASN1_GN(10, "GN"),
    KEY_ID(11, "KEY_ID");

    private final int value;
    private final String label;

    IdentityType(int value, String label) {
        this.value = value;
        this.label = label;
    }

    /** The ID payload's "ID Type" value. */
    public int value() {
        return value;
    }

    /** The short prefix used when printing identities: "FQDN", "DN", "IPV4". */
    public String label() {
        return label;
    }

    public static Optional<IdentityType> fromValue(int value) {
        for (IdentityType t : values()) {
            if (t.value == value) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
