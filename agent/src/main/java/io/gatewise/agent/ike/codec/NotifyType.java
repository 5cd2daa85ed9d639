package io.gatewise.agent.ike.codec;

import java.util.Optional;

/**
 * Notify message types: the errors of RFC 2408 section 3.14.1, the status types of RFC
 * 2408 and RFC 2407 section 4.6.3, and Dead Peer Detection (RFC 3706 section 5.3).
 * Notify payloads with other values decode fine; their type is looked up as empty.
 */
public enum NotifyType {
    INVALID_PAYLOAD_TYPE(1),
    DOI_NOT_SUPPORTED(2),
    SITUATION_NOT_SUPPORTED(3),
    INVALID_COOKIE(4),
    INVALID_MAJOR_VERSION(5),
    INVALID_MINOR_VERSION(6),
    INVALID_EXCHANGE_TYPE(7),
    INVALID_FLAGS(8),
    INVALID_MESSAGE_ID(9),
    INVALID_PROTOCOL_ID(10),
    INVALID_SPI(11),
    INVALID_TRANSFORM_ID(12),
    ATTRIBUTES_NOT_SUPPORTED(13),
    NO_PROPOSAL_CHOSEN(14),
    BAD_PROPOSAL_SYNTAX(15),
    PAYLOAD_MALFORMED(16),
    INVALID_KEY_INFORMATION(17),
    INVALID_ID_INFORMATION(18),
    INVALID_CERT_ENCODING(19),
    INVALID_CERTIFICATE(20),
    CERT_TYPE_UNSUPPORTED(21),
    INVALID_CERT_AUTHORITY(22),
    INVALID_HASH_INFORMATION(23),
    AUTHENTICATION_FAILED(24),
    INVALID_SIGNATURE(25),
    ADDRESS_NOTIFICATION(26),
    NOTIFY_SA_LIFETIME(27),
    CERTIFICATE_UNAVAILABLE(28),
    UNSUPPORTED_EXCHANGE_TYPE(29),
    UNEQUAL_PAYLOAD_LENGTHS(30),
    /** RFC 2408 section 3.14.1 status. */
    CONNECTED(16384),
    /** RFC 2407 section 4.6.3.1. */
    RESPONDER_LIFETIME(24576),
    /** RFC 2407 section 4.6.3.2. */
    REPLAY_STATUS(24577),
    /** RFC 2407 section 4.6.3.3. */
    INITIAL_CONTACT(24578),
    /** RFC 3706 section 5.3. */
    R_U_THERE(36136),
    R_U_THERE_ACK(36137);

    private final int value;

    NotifyType(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** Error types are 1..16383 (RFC 2408 section 3.14.1); everything above is status. */
    public boolean isError() {
        return value < 16384;
    }

    /** The RFC spelling, e.g. "NO-PROPOSAL-CHOSEN". */
    public String rfcName() {
        return name().replace('_', '-');
    }

    public static Optional<NotifyType> fromValue(int value) {
        for (NotifyType t : values()) {
            if (t.value == value) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
