package io.gatewise.agent.datapath;

import io.gatewise.agent.ipsec.IpPacket;

/** ICMP messages the datapath generates itself. */
final class Icmp {
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
}
