package io.gatewise.agent.ike.codec;

import java.util.Optional;

/** Protocol identifiers of proposals, notifications and deletes (RFC 2407 section 4.4.1). */
public enum ProtocolId {
    ISAKMP(1),
    IPSEC_AH(2),
    IPSEC_ESP(3),
    IPCOMP(4);

    private final int value;

    ProtocolId(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    public static Optional<ProtocolId> fromValue(int value) {
        for (ProtocolId p : values()) {
            if (p.value == value) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
