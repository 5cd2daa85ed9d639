package io.gatewise.agent.ipsec;

/**
 * The Authentication Header (RFC 4302) over IPv4 for integrity-only policies. The ICV
 * covers the outer IP header with its mutable fields (TOS, flags and fragment offset,
 * TTL, header checksum; RFC 4302 section 3.3.3.1.1.1) taken as zero, the AH header
 * with the ICV field zeroed, the payload, and the high ESN bits when ESN is on
 * (section 3.3.3.2). Outer IPv4 options are not supported: such packets are refused.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Next Header   |  Payload Len  |          RESERVED             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Security Parameters Index (SPI)               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Sequence Number Field                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                Integrity Check Value-ICV (variable)           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Not thread-safe: one per SA and thread.
 */
public final class AhTransform {
    public static final int FIXED_LENGTH = 12;

    private final IntegrityCheck integrity;
    private final boolean esn;
    private final byte[] header = new byte[IpPacket.IPV4_HEADER];
    private final byte[] zeros = new byte[64];
    private final byte[] esnHigh = new byte[4];

    public AhTransform(IntegrityCheck integrity, boolean extendedSequenceNumbers) {
        this.integrity = integrity;
        this.esn = extendedSequenceNumbers;
    }

    /** Bytes of AH header including the ICV (a multiple of 4 for all our algorithms). */
    public int headerLength() {
        return FIXED_LENGTH + integrity.icvLength();
    }

    /**
     * Writes the AH header at {@code ahOff} (right after the 20-byte IPv4 header at
     * {@code ipOff}, whose fields must be final) and its ICV over the whole packet.
     */
    public void protect(byte[] b, int ipOff, int totalLength, int spi, long seq, int nextHeader) {
        int ahOff = ipOff + IpPacket.IPV4_HEADER;
        b[ahOff] = (byte) nextHeader;
        b[ahOff + 1] = (byte) (headerLength() / 4 - 2);
        b[ahOff + 2] = 0;
        b[ahOff + 3] = 0;
        IpPacket.put32(b, ahOff + 4, spi);
        IpPacket.put32(b, ahOff + 8, (int) seq);
        computeIcv(b, ipOff, totalLength, seq);
        integrity.finish(b, ahOff + FIXED_LENGTH);
    }

    /**
     * Verifies the AH ICV of the IPv4 packet at {@code ipOff}.
     *
     * @return false on a wrong ICV, on IPv4 options or a length inconsistent with the ICV
     */
    public boolean verify(byte[] b, int ipOff, int totalLength, long seq) {
        if (IpPacket.ihl(b, ipOff) != IpPacket.IPV4_HEADER) {
            return false;
        }
        int ahOff = ipOff + IpPacket.IPV4_HEADER;
        if (totalLength < IpPacket.IPV4_HEADER + headerLength()
                || (b[ahOff + 1] & 0xff) != headerLength() / 4 - 2) {
            return false;
        }
        computeIcv(b, ipOff, totalLength, seq);
        return integrity.finishAndVerify(b, ahOff + FIXED_LENGTH);
    }

    private void computeIcv(byte[] b, int ipOff, int totalLength, long seq) {
        System.arraycopy(b, ipOff, header, 0, IpPacket.IPV4_HEADER);
        header[1] = 0; // DSCP/ECN
        header[6] = 0; // flags, fragment offset
        header[7] = 0;
        header[8] = 0; // TTL
        header[10] = 0; // header checksum
        header[11] = 0;
        integrity.update(header, 0, IpPacket.IPV4_HEADER);
        int ahOff = ipOff + IpPacket.IPV4_HEADER;
        integrity.update(b, ahOff, FIXED_LENGTH);
        integrity.update(zeros, 0, integrity.icvLength());
        int payloadOff = ahOff + headerLength();
        integrity.update(b, payloadOff, ipOff + totalLength - payloadOff);
        if (esn) {
            IpPacket.put32(esnHigh, 0, (int) (seq >>> 32));
            integrity.update(esnHigh, 0, 4);
        }
    }
}
