package io.gatewise.agent.ike.codec;

import java.util.Objects;

/**
 * The fixed ISAKMP header, RFC 2408 section 3.1.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !                          Initiator                            !
 * !                            Cookie                             !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !                          Responder                            !
 * !                            Cookie                             !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !  Next Payload ! MjVer ! MnVer ! Exchange Type !     Flags     !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !                          Message ID                           !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * !                            Length                             !
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param nextPayload type of the first payload (wire value; unknown values are possible)
 * @param flags       {@link #FLAG_ENCRYPTION}, {@link #FLAG_COMMIT}, {@link #FLAG_AUTHENTICATION_ONLY}
 * @param messageId   0 in phase 1; a random non-zero id per phase 2 / informational exchange
 * @param length      total message length, header included (filled in by the encoder)
 */
public record IsakmpHeader(long initiatorCookie, long responderCookie, int nextPayload, int majorVersion,
        int minorVersion, ExchangeType exchangeType, int flags, int messageId, int length) {

    public static final int LENGTH = 28;
    /** E: the body after the header is encrypted (RFC 2408 section 3.1). */
    public static final int FLAG_ENCRYPTION = 0x01;
    /** C: key exchange synchronisation (RFC 2408 section 3.1; RFC 2409 section 5.5). */
    public static final int FLAG_COMMIT = 0x02;
    /** A: authentication-only informational exchange. */
    public static final int FLAG_AUTHENTICATION_ONLY = 0x04;
    static final int KNOWN_FLAGS = FLAG_ENCRYPTION | FLAG_COMMIT | FLAG_AUTHENTICATION_ONLY;

    public IsakmpHeader {
        Objects.requireNonNull(exchangeType, "exchangeType");
    }

    /** A version 1.0 header; next payload and length are set by the encoder. */
    public static IsakmpHeader of(long initiatorCookie, long responderCookie, ExchangeType exchangeType, int flags,
            int messageId) {
        return new IsakmpHeader(initiatorCookie, responderCookie, 0, 1, 0, exchangeType, flags, messageId, 0);
    }

    public boolean isEncrypted() {
        return (flags & FLAG_ENCRYPTION) != 0;
    }

    public boolean isCommit() {
        return (flags & FLAG_COMMIT) != 0;
    }

    public IsakmpHeader withNextPayloadAndLength(int next, int totalLength) {
        return new IsakmpHeader(initiatorCookie, responderCookie, next, majorVersion, minorVersion, exchangeType,
                flags, messageId, totalLength);
    }

    public IsakmpHeader withFlags(int newFlags) {
        return new IsakmpHeader(initiatorCookie, responderCookie, nextPayload, majorVersion, minorVersion,
                exchangeType, newFlags, messageId, length);
    }

    void encode(PayloadWriter w) {
        w.u64(initiatorCookie).u64(responderCookie).u8(nextPayload)
                .u8((majorVersion << 4) | minorVersion).u8(exchangeType.value()).u8(flags)
                .u32(messageId).u32(length);
    }

    @Override
    public String toString() {
        return String.format("%s i=%016x r=%016x mid=%08x flags=%02x next=%d len=%d",
                exchangeType, initiatorCookie, responderCookie, messageId, flags, nextPayload, length);
    }
}
