package io.gatewise.agent.datapath;

import io.gatewise.agent.ipsec.IpPacket;

/** ICMP and ICMPv6 messages the datapath generates itself. */
final class Icmp {
    /** RFC 8200 section 5: every IPv6 link carries 1280-byte packets. */
    static final int IPV6_MINIMUM_MTU = 1280;
    private static final int ICMPV6_PACKET_TOO_BIG = 2;

    private Icmp() {
    }

    /**
     * Builds an ICMP "fragmentation needed and DF set" (type 3 code 4, RFC 792 with the
     * next-hop MTU of RFC 1191) answering the IPv4 packet at {@code b[off]}, into
     * {@code out[outOff]}: from the packet's destination back to its source, quoting its
     * header and first 8 payload bytes.
     *
     * @return the ICMP packet's length
     */
    static int fragmentationNeeded(byte[] b, int off, int len, int mtu, byte[] out, int outOff) {
        int quote = Math.min(len, IpPacket.ihl(b, off) + 8);
        int total = 20 + 8 + quote;
        int icmp = outOff + 20;
        out[icmp] = 3;
        out[icmp + 1] = 4;
        out[icmp + 2] = 0;
        out[icmp + 3] = 0;
        out[icmp + 4] = 0;
        out[icmp + 5] = 0;
        IpPacket.put16(out, icmp + 6, mtu);
        System.arraycopy(b, off, out, icmp + 8, quote);
        IpPacket.put16(out, icmp + 2, IpPacket.checksum(out, icmp, 8 + quote));
        IpPacket.writeIpv4Header(out, outOff, total, 0, false, 64, IpPacket.PROTO_ICMP, IpPacket.u32(b, off + 16),
                IpPacket.u32(b, off + 12));
        return total;
    }

    /**
     * Whether RFC 4443 section 2.4 allows a Packet Too Big answer to the IPv6 packet at
     * {@code b[off]}: not when it is itself an ICMPv6 error (types below 128, rule e.1), and
     * not when its source is unspecified or multicast (no one to answer, rules e.3 to e.6),
     * nor when its destination is multicast, which cannot be the answer's source.
     */
    static boolean mayAnswerV6(byte[] b, int off, int len) {
        if ((b[off + 8] & 0xff) == 0xff || (b[off + 24] & 0xff) == 0xff) {
            return false;   // multicast source or destination
        }
        if (IpPacket.u64(b, off + 8) == 0 && IpPacket.u64(b, off + 16) == 0) {
            return false;   // :: (unspecified)
        }
        return !(IpPacket.u8(b, off + 6) == IpPacket.PROTO_ICMPV6 && len > IpPacket.IPV6_HEADER
                && (b[off + IpPacket.IPV6_HEADER] & 0x80) == 0);
    }

    /**
     * Builds an ICMPv6 Packet Too Big (type 2 code 0, RFC 4443 section 3.2) answering the
     * IPv6 packet at {@code b[off]}, into {@code out[outOff]}: from the packet's
     * destination back to its source, quoting as much of the packet as fits in the IPv6
     * minimum MTU. IPv6 has no DF bit: routers never fragment, so an oversized packet is
     * always answered this way and the sender fragments at its source (RFC 8201).
     *
     * <pre>
     * | Type = 2 | Code = 0 |   Checksum   |
     * |               MTU                  |
     * | as much of the invoking packet as possible without the answer exceeding 1280 |
     * </pre>
     *
     * @return the ICMPv6 packet's length
     */
    static int packetTooBig(byte[] b, int off, int len, int mtu, byte[] out, int outOff) {
        int quote = Math.min(len, IPV6_MINIMUM_MTU - IpPacket.IPV6_HEADER - 8);
        int icmpLength = 8 + quote;
        int icmp = outOff + IpPacket.IPV6_HEADER;
        out[outOff] = 0x60;                                   // version 6, traffic class 0
        out[outOff + 1] = 0;
        out[outOff + 2] = 0;
        out[outOff + 3] = 0;                                  // flow label 0
        IpPacket.put16(out, outOff + 4, icmpLength);
        out[outOff + 6] = (byte) IpPacket.PROTO_ICMPV6;
        out[outOff + 7] = (byte) 64;                          // hop limit
        System.arraycopy(b, off + 24, out, outOff + 8, 16);   // source: the packet's destination
        System.arraycopy(b, off + 8, out, outOff + 24, 16);   // destination: its source
        out[icmp] = ICMPV6_PACKET_TOO_BIG;
        out[icmp + 1] = 0;
        out[icmp + 2] = 0;
        out[icmp + 3] = 0;
        IpPacket.put32(out, icmp + 4, mtu);
        System.arraycopy(b, off, out, icmp + 8, quote);
        // RFC 4443 section 2.3: the checksum covers the RFC 8200 section 8.1 pseudo-header
        long sum = IpPacket.pseudoHeaderSum(out, outOff, IpPacket.PROTO_ICMPV6, icmpLength);
        IpPacket.put16(out, icmp + 2, ~IpPacket.fold(IpPacket.sum(out, icmp, icmpLength, sum)) & 0xffff);
        return IpPacket.IPV6_HEADER + icmpLength;
    }
}
