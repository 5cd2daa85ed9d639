package io.gatewise.agent.ike.codec;

import java.util.Optional;

/**
 * ISAKMP next-payload types (RFC 2408 section 3.1, RFC 3947 section 3, IANA "Next
 * Payload Types", and the private-use values of draft NAT-T and of IKEv1 fragmentation).
 */
public enum PayloadType {
    NONE(0, "none"),
    SECURITY_ASSOCIATION(1, "SA"),
    /** Only inside an SA payload. */
    PROPOSAL(2, "P"),
    /** Only inside a Proposal payload. */
    TRANSFORM(3, "T"),
    KEY_EXCHANGE(4, "KE"),
    IDENTIFICATION(5, "ID"),
    CERTIFICATE(6, "CERT"),
    CERTIFICATE_REQUEST(7, "CR"),
    HASH(8, "HASH"),
    SIGNATURE(9, "SIG"),
    NONCE(10, "NONCE"),
    NOTIFICATION(11, "N"),
    DELETE(12, "D"),
    VENDOR_ID(13, "VID"),
    /** RFC 3947 section 3.2. */
    NAT_D(20, "NAT-D"),
    /** RFC 3947 section 5.2. */
    NAT_OA(21, "NAT-OA"),
    /** draft-ietf-ipsec-nat-t-ike-02/03, still sent by old peers. */
    NAT_D_DRAFT(130, "NAT-D(draft)"),
    NAT_OA_DRAFT(131, "NAT-OA(draft)"),
    /** IKEv1 fragmentation (Cisco, also strongSwan): the only payload of a fragment message. */
    FRAGMENT(132, "FRAG");

    private static final PayloadType[] BY_VALUE = new PayloadType[256];

    static {
        for (PayloadType t : values()) {
            BY_VALUE[t.value] = t;
        }
    }

    private final int value;
    private final String shortName;

    PayloadType(int value, String shortName) {
        this.value = value;
        this.shortName = shortName;
    }

    public int value() {
        return value;
    }

    /** The abbreviation used by the RFCs and in logs ("SA", "KE", "NAT-D"). */
    public String shortName() {
        return shortName;
    }

    public static Optional<PayloadType> fromValue(int value) {
        return value >= 0 && value < 256 ? Optional.ofNullable(BY_VALUE[value]) : Optional.empty();
    }
}
