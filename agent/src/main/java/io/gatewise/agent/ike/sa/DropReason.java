package io.gatewise.agent.ike.sa;

/** Why a received datagram was not acted upon; each is counted. */
public enum DropReason {
    /** Did not decode (lengths, version, header fields). */
    MALFORMED,
    /** Payloads not allowed for the exchange (message rules). */
    RULES,
    /** No IKE SA for the cookies. */
    UNKNOWN_SA,
    /** No configured peer for the initiator's address. */
    NO_CONFIG,
    /** An exchange type the engine does not run. */
    UNSUPPORTED_EXCHANGE,
    /** Did not decrypt, or its hash was wrong. */
    INTEGRITY,
    /** A message id that was used before or does not belong to any exchange. */
    INVALID_MESSAGE_ID,
    /** A message that does not fit the exchange state (out of order). */
    UNEXPECTED,
    /** A retransmitted request; our stored answer was sent again. */
    DUPLICATE,
    /** A half-open SA evicted to respect the limit. */
    HALF_OPEN_EVICTED,
    /** An R-U-THERE or R-U-THERE-ACK (RFC 3706) with a wrong SPI, or an ACK answering no probe of ours. */
    DPD_MISMATCH,
    /** An R-U-THERE not answered because the peer sent too many in one second (flood bound). */
    RATE_LIMITED,
    /** A Delete naming an SA that does not exist or is not the sending peer's: refused. */
    DELETE_REFUSED,
    /** A bug: an unexpected exception was caught at the engine boundary. */
    INTERNAL_ERROR
}
