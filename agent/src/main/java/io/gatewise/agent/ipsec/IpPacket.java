package io.gatewise.agent.ipsec;

/**
 * Read and write helpers for raw IPv4/IPv6 packets held in byte arrays. Addresses are
 * handled as longs (IPv4 in the low 32 bits; IPv6 as two halves) so that the hot path
 * never allocates an {@link java.net.InetAddress}.
 */
public final class IpPacket {
    /** IPv6 extension headers (RFC 8200 section 4) the selector lookup skips. */
    public static final int IPV6_HOP_BY_HOP = 0;
    public static final int IPV6_ROUTING = 43;
    public static final int IPV6_FRAGMENT = 44;
    public static final int IPV6_DESTINATION = 60;
    public static final int PROTO_ICMP = 1;
    public static final int PROTO_IPIP = 4;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;
    public static final int PROTO_IPV6 = 41;
    public static final int PROTO_ESP = 50;
    public static final int PROTO_AH = 51;
    public static final int PROTO_ICMPV6 = 58;
    public static final int PROTO_NONE = 59;
    public static final int IPV4_HEADER = 20;
    public static final int IPV6_HEADER = 40;

    private IpPacket() {
    }

    public static int version(byte[] b, int off) {
        return (b[off] & 0xff) >>> 4;
    }

    public static int u8(byte[] b, int off) {
        return b[off] & 0xff;
    }

    public static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    public static int u32(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    public static long u64(byte[] b, int off) {
        return ((long) u32(b, off) << 32) | (u32(b, off + 4) & 0xffffffffL);
    }

    public static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    public static void put32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    /** IPv4 header length in bytes. */
    public static int ihl(byte[] b, int off) {
        return (b[off] & 0x0f) * 4;
    }

    /**
     * Length of the IP packet starting at {@code off} as its header states, or -1 if the
     * bytes are not a plausible IPv4/IPv6 packet within {@code available} bytes.
     */
    public static int validLength(byte[] b, int off, int available) {
        if (available < 1) {
            return -1;
        }
        int v = version(b, off);
        if (v == 4) {
            if (available < IPV4_HEADER) {
                return -1;
            }
            int ihl = ihl(b, off);
            int total = u16(b, off + 2);
            return ihl >= IPV4_HEADER && total >= ihl && total <= available ? total : -1;
        }
        if (v == 6) {
            if (available < IPV6_HEADER) {
                return -1;
            }
            int total = IPV6_HEADER + u16(b, off + 4);
            return total <= available ? total : -1;
        }
        return -1;
    }

    /** Ones'-complement sum of a range, not folded and not complemented (RFC 1071). */
    public static long sum(byte[] b, int off, int len, long initial) {
        long s = initial;
        int i = 0;
        for (; i + 3 < len; i += 4) {
            s += u32(b, off + i) & 0xffffffffL;
        }
        for (; i + 1 < len; i += 2) {
            s += u16(b, off + i);
        }
        if (i < len) {
            s += (b[off + i] & 0xff) << 8;
        }
        return s;
    }

    /** Folds a 64-bit ones'-complement sum to 16 bits (not complemented). */
    public static int fold(long s) {
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) s;
    }

    /** Internet checksum of a range (RFC 1071), ready to store. */
    public static int checksum(byte[] b, int off, int len) {
        return ~fold(sum(b, off, len, 0)) & 0xffff;
    }

    /** Recomputes the header checksum of the IPv4 packet at {@code off}. */
    public static void updateIpv4Checksum(byte[] b, int off) {
        b[off + 10] = 0;
        b[off + 11] = 0;
        put16(b, off + 10, checksum(b, off, ihl(b, off)));
    }

    /** Pseudo-header sum for TCP/UDP over IPv4 or IPv6 (not folded). */
    public static long pseudoHeaderSum(byte[] b, int ipOff, int protocol, int l4Length) {
        if (version(b, ipOff) == 4) {
            return sum(b, ipOff + 12, 8, 0) + protocol + l4Length;
        }
        return sum(b, ipOff + 8, 32, 0) + protocol + l4Length;
    }

    /**
     * Writes a 20-byte IPv4 header without options.
     */
    public static void writeIpv4Header(byte[] b, int off, int totalLength, int id, boolean dontFragment, int ttl,
            int protocol, int src, int dst) {
        b[off] = 0x45;
        b[off + 1] = 0;
        put16(b, off + 2, totalLength);
        put16(b, off + 4, id);
        put16(b, off + 6, dontFragment ? 0x4000 : 0);
        b[off + 8] = (byte) ttl;
        b[off + 9] = (byte) protocol;
        put32(b, off + 12, src);
        put32(b, off + 16, dst);
        updateIpv4Checksum(b, off);
    }
}
