package io.gatewise.agent.ipsec;

/**
 * The cryptographic part of one direction of an ESP SA (RFC 4303 section 2), bound to one
 * thread: it owns reused {@code Cipher}/{@code Mac} instances and is not thread-safe.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |               Security Parameters Index (SPI)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Sequence Number                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    IV (ivLength bytes, may be 0)              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Payload Data (variable)                    |  ^ encrypted
 * |               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  |
 * |               |     Padding (0-255 bytes)                     |  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  |
 * |                               |  Pad Length   | Next Header   |  v
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Integrity Check Value (icvLength bytes)               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Crypto runs out of place (input and output arrays differ): SunJCE copies its input
 * for overlapping in-place calls, which would allocate on every packet.
 */
public abstract class EspTransform {
    /** SPI and sequence number. */
    public static final int HEADER_LENGTH = 8;
    /** {@link #open} result: the ICV did not verify. */
    public static final int AUTH_FAILED = -1;
    /** {@link #open} result: decrypted trailer inconsistent (pad length, padding bytes). */
    public static final int BAD_PADDING = -2;
    /** {@link #open} result: too short or not aligned to the cipher's block size. */
    public static final int MALFORMED = -3;

    private int lastNextHeader;

    /** Bytes of explicit IV that follow the sequence number. */
    public abstract int ivLength();

    /** Bytes of ICV at the end of the packet. */
    public abstract int icvLength();

    /** The ciphertext (payload, padding, pad length, next header) is a multiple of this. */
    public abstract int alignment();

    /** Offset of the payload from the start of the ESP header. */
    public final int payloadOffset() {
        return HEADER_LENGTH + ivLength();
    }

    /** Total ESP packet length for a payload of {@code payloadLength} bytes. */
    public final int espLength(int payloadLength) {
        return payloadOffset() + paddedLength(payloadLength) + icvLength();
    }

    /** Payload plus padding plus the two trailer bytes, aligned (RFC 4303 section 2.4). */
    public final int paddedLength(int payloadLength) {
        int a = alignment();
        return (payloadLength + 2 + a - 1) / a * a;
    }

    /**
     * Builds one ESP packet into {@code out} at {@code outOff}: header, IV, encrypted
     * payload with padding and trailer, ICV.
     *
     * @param in         the payload (the inner IP packet in tunnel mode)
     * @param nextHeader IP protocol number of the payload (4 or 41 in tunnel mode)
     * @param seq        full sequence number; the low 32 bits go on the wire
     * @return the length of the ESP packet written
     */
    public abstract int seal(int spi, long seq, byte[] in, int inOff, int payloadLength, int nextHeader,
            byte[] out, int outOff);

    /**
     * Verifies and decrypts one ESP packet. The plaintext payload lands at {@code out[outOff]}.
     *
     * @param seq the full sequence number as inferred by the replay window (ESN high bits
     *            included when extended sequence numbers are in use)
     * @return payload length (padding and trailer removed), or a negative error code
     */
    public abstract int open(long seq, byte[] in, int inOff, int espLength, byte[] out, int outOff);

    /** Next Header of the last successful {@link #open}. */
    public final int lastNextHeader() {
        return lastNextHeader;
    }

    protected final void setLastNextHeader(int nextHeader) {
        this.lastNextHeader = nextHeader;
    }

    /** Writes the self-describing padding 1, 2, 3, ... and the two trailer bytes. */
    protected static void writePaddingAndTrailer(byte[] out, int payloadEnd, int paddedLength, int payloadLength,
            int nextHeader) {
        int padLength = paddedLength - payloadLength - 2;
        for (int i = 0; i < padLength; i++) {
            out[payloadEnd + i] = (byte) (i + 1);
        }
        out[payloadEnd + padLength] = (byte) padLength;
        out[payloadEnd + padLength + 1] = (byte) nextHeader;
    }

    /**
     * Checks the trailer of a decrypted payload (RFC 4303 section 2.4: the receiver
     * should inspect the padding) and returns the payload length, or {@link #BAD_PADDING}.
     */
    protected final int checkTrailer(byte[] plain, int off, int paddedLength) {
        if (paddedLength < 2) {
            return BAD_PADDING;
        }
        int padLength = plain[off + paddedLength - 2] & 0xff;
        int payloadLength = paddedLength - 2 - padLength;
        if (payloadLength < 0) {
            return BAD_PADDING;
        }
        int bad = 0;
        for (int i = 0; i < padLength; i++) {
            bad |= (plain[off + payloadLength + i] & 0xff) ^ (i + 1);
        }
        if (bad != 0) {
            return BAD_PADDING;
        }
        setLastNextHeader(plain[off + paddedLength - 1] & 0xff);
        return payloadLength;
    }

    protected static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    protected static void putLong(byte[] b, int off, long v) {
        putInt(b, off, (int) (v >>> 32));
        putInt(b, off + 4, (int) v);
    }

    /** Constant-time comparison of two byte ranges. */
    protected static boolean constantTimeEquals(byte[] a, int aOff, byte[] b, int bOff, int len) {
        int diff = 0;
        for (int i = 0; i < len; i++) {
            diff |= a[aOff + i] ^ b[bOff + i];
        }
        return diff == 0;
    }
}
