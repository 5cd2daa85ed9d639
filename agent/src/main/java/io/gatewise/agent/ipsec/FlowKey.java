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
            protocol = IpPacket.u8(b, off + 6);
            l4 = off + IpPacket.IPV6_HEADER; // extension headers are not walked: ports become opaque
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
