package io.gatewise.agent.ipsec;

/**
 * The selector-relevant fields of one inner packet (RFC 4301 section 4.4.1.1), parsed
 * into a reusable mutable holder so lookups do not allocate. Not thread-safe.
 */
public final class FlowKey {
    boolean ipv4;
    int src4;
    int dst4;
    long srcHi;
    long srcLo;
    long dstHi;
    long dstLo;
    int protocol;
    /** -1 when the protocol has no ports or the packet is a non-first fragment. */
    int srcPort;
    int dstPort;

    /** Parses the packet; returns false if it is not a well-formed IP packet. */
    public boolean parse(byte[] b, int off, int len) {
        int v = len > 0 ? IpPacket.version(b, off) : 0;
        int l4;
        if (v == 4 && len >= IpPacket.IPV4_HEADER) {
            ipv4 = true;
            src4 = IpPacket.u32(b, off + 12);
            dst4 = IpPacket.u32(b, off + 16);
            protocol = IpPacket.u8(b, off + 9);
            boolean laterFragment = (IpPacket.u16(b, off + 6) & 0x1fff) != 0;
            l4 = laterFragment ? -1 : off + IpPacket.ihl(b, off);
        } else if (v == 6 && len >= IpPacket.IPV6_HEADER) {
            ipv4 = false;
            srcHi = IpPacket.u64(b, off + 8);
            srcLo = IpPacket.u64(b, off + 16);
            dstHi = IpPacket.u64(b, off + 24);
            dstLo = IpPacket.u64(b, off + 32);
            l4 = upperLayerV6(b, off, len);
        } else {
            return false;
        }
        if (l4 >= 0 && l4 + 4 <= off + len
                && (protocol == IpPacket.PROTO_TCP || protocol == IpPacket.PROTO_UDP || protocol == 132)) {
            srcPort = IpPacket.u16(b, l4);
            dstPort = IpPacket.u16(b, l4 + 2);
        } else {
            srcPort = -1;
            dstPort = -1;
        }
        return true;
    }

    /**
     * Walks the IPv6 extension headers (RFC 8200 section 4) to the upper-layer protocol,
     * which RFC 4301 section 4.4.1.1 matches as "Next Layer Protocol": sets
     * {@link #protocol} and returns the upper-layer header's offset, or -1 when its ports
     * are not available (a non-first fragment, or headers running past the packet). At
     * most eight headers are skipped, so a crafted chain costs bounded work.
     */
    private int upperLayerV6(byte[] b, int off, int len) {
        int next = IpPacket.u8(b, off + 6);
        int p = off + IpPacket.IPV6_HEADER;
        int end = off + len;
        for (int i = 0; i < 8; i++) {
            switch (next) {
                case IpPacket.IPV6_HOP_BY_HOP, IpPacket.IPV6_ROUTING, IpPacket.IPV6_DESTINATION -> {
                    if (p + 8 > end) {
                        protocol = next;
                        return -1;
                    }
                    next = IpPacket.u8(b, p);
                    p += 8 + IpPacket.u8(b, p + 1) * 8;
                }
                case IpPacket.IPV6_FRAGMENT -> {
                    if (p + 8 > end) {
                        protocol = next;
                        return -1;
                    }
                    boolean later = (IpPacket.u16(b, p + 2) & 0xfff8) != 0;
                    next = IpPacket.u8(b, p);
                    if (later) {
                        protocol = next;   // ports are in the first fragment only: OPAQUE
                        return -1;
                    }
                    p += 8;
                }
                default -> {
                    protocol = next;
                    return p;
                }
            }
        }
        protocol = next;
        return -1;
    }

    public int protocol() {
        return protocol;
    }

    boolean srcMatches(CompiledSelector s) {
        return ipv4 ? s.matchesV4(src4, protocol, srcPort) : s.matchesV6(srcHi, srcLo, protocol, srcPort);
    }

    boolean dstMatches(CompiledSelector s) {
        return ipv4 ? s.matchesV4(dst4, protocol, dstPort) : s.matchesV6(dstHi, dstLo, protocol, dstPort);
    }

    static boolean anyMatches(CompiledSelector[] list, FlowKey k, boolean source) {
        for (CompiledSelector s : list) {
            if (source ? k.srcMatches(s) : k.dstMatches(s)) {
                return true;
            }
        }
        return false;
    }
}
