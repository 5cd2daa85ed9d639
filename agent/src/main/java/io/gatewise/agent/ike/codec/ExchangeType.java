package io.gatewise.agent.ike.codec;

import java.util.Optional;

/** ISAKMP exchange types (RFC 2408 section 3.1, RFC 2409 section 5, IANA "Exchange Type"). */
public enum ExchangeType {
    /** RFC 2408 section 4.4. */
    BASE(1),
    /** Main Mode in IKE (RFC 2409 section 5). */
    IDENTITY_PROTECTION(2),
    AUTHENTICATION_ONLY(3),
    /** Aggressive Mode in IKE. */
    AGGRESSIVE(4),
    /** RFC 2408 section 4.8; protected by HASH(1) in IKE (RFC 2409 section 5.7). */
    INFORMATIONAL(5),
    /** draft-ietf-ipsec-isakmp-mode-cfg (XAUTH / Mode Config). */
    TRANSACTION(6),
    /** RFC 2409 section 5.5. */
    QUICK_MODE(32),
    /** RFC 2409 section 5.6. */
    NEW_GROUP_MODE(33);

    private static final ExchangeType[] BY_VALUE = new ExchangeType[256];

    static {
        for (ExchangeType t : values()) {
            BY_VALUE[t.value] = t;
        }
    }

    private final int value;

    ExchangeType(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    public static Optional<ExchangeType> fromValue(int value) {
        return value >= 0 && value < 256 ? Optional.ofNullable(BY_VALUE[value]) : Optional.empty();
    }
}
