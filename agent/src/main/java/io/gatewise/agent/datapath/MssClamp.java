package io.gatewise.agent.datapath;

import io.gatewise.agent.ipsec.IpPacket;

/**
 * Lowers the MSS option of TCP SYNs crossing the tunnel so that hosts behind the gateway,
 * whose own MTU is larger, send segments that fit the tunnel without fragmentation (what
 * iptables' TCPMSS --clamp-mss-to-pmtu does).
 */
final class MssClamp {
    private MssClamp() {
    }

    /** @return true if the packet was changed */
    static boolean clamp(byte[] b, int off, int len, int tunMtu) {
        int v = IpPacket.version(b, off);
        int iph;
        int max;
        if (v == 4 && len >= 40 && IpPacket.u8(b, off + 9) == IpPacket.PROTO_TCP
                && (IpPacket.u16(b, off + 6) & 0x1fff) == 0) {
            iph = IpPacket.ihl(b, off);
            max = tunMtu - 40;
        } else if (v == 6 && len >= 60 && IpPacket.u8(b, off + 6) == IpPacket.PROTO_TCP) {
            iph = IpPacket.IPV6_HEADER;
            max = tunMtu - 60;
        } else {
            return false;
        }
        int t = off + iph;
        if (len < iph + 20 || (b[t + 13] & 0x02) == 0) {
            return false; // not a SYN
        }
        int thl = ((b[t + 12] & 0xff) >>> 4) * 4;
        if (thl > len - iph) {
            return false;
        }
        int o = t + 20;
        int end = t + thl;
        while (o < end) {
            int kind = b[o] & 0xff;
            if (kind == 0) {
                break;
            }
            if (kind == 1) {
                o++;
                continue;
            }
            if (o + 1 >= end) {
                break;
            }
            int optLen = b[o + 1] & 0xff;
            if (optLen < 2 || o + optLen > end) {
                break;
            }
            if (kind == 2 && optLen == 4) {
                if (IpPacket.u16(b, o + 2) <= max) {
                    return false;
                }
                IpPacket.put16(b, o + 2, max);
                int l4 = len - iph;
                b[t + 16] = 0;
                b[t + 17] = 0;
                long sum = IpPacket.pseudoHeaderSum(b, off, IpPacket.PROTO_TCP, l4);
                IpPacket.put16(b, t + 16, ~IpPacket.fold(IpPacket.sum(b, t, l4, sum)) & 0xffff);
                return true;
            }
            o += optLen;
        }
        return false;
    }
}
