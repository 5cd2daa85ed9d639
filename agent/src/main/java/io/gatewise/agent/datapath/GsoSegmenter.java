package io.gatewise.agent.datapath;

import io.gatewise.agent.ipsec.IpPacket;

/**
 * Turns what a TUN device with offloads hands us into wire-sized IP packets: completes
 * partial checksums ({@code VIRTIO_NET_HDR_F_NEEDS_CSUM}) and splits TCP super-packets
 * (TSO, {@code gso_type} TCPV4/TCPV6) into {@code gso_size} segments the way the
 * kernel's tcp_gso_segment does: consecutive sequence numbers and IPv4 ids, FIN and PSH
 * only on the last segment, CWR only on the first, fresh checksums.
 *
 * <p>Segments are built in place: segment i's headers are written right in front of its
 * payload chunk, over the tail of segment i-1, which the consumer has finished with by
 * then. No payload is copied. Not thread-safe.
 */
final class GsoSegmenter {
    /** Receives each finished packet; must be done with it before returning. */
    interface Sink {
        void packet(byte[] b, int off, int len);
    }

    private final byte[] savedHeader = new byte[60 + 60];

    /**
     * @param b   buffer holding the virtio header at {@code off} and the packet after it
     * @param len total bytes read (virtio header included)
     * @return false if the packet was malformed and dropped
     */
    boolean process(byte[] b, int off, int len, Sink sink) {
        if (len <= VirtioNetHeader.LENGTH) {
            return false;
        }
        int flags = VirtioNetHeader.flags(b, off);
        int gso = VirtioNetHeader.gsoType(b, off) & ~VirtioNetHeader.GSO_ECN;
        int p = off + VirtioNetHeader.LENGTH;
        int plen = len - VirtioNetHeader.LENGTH;
        if (gso == VirtioNetHeader.GSO_NONE) {
            if ((flags & VirtioNetHeader.F_NEEDS_CSUM) != 0) {
                int start = VirtioNetHeader.csumStart(b, off);
                int field = start + VirtioNetHeader.csumOffset(b, off);
                if (start >= plen || field + 2 > plen) {
                    return false;
                }
                // The field holds the pseudo-header sum; the checksum covers it too.
                int c = ~IpPacket.fold(IpPacket.sum(b, p + start, plen - start, 0)) & 0xffff;
                IpPacket.put16(b, p + field, c);
            }
            sink.packet(b, p, plen);
            return true;
        }
        if (gso != VirtioNetHeader.GSO_TCPV4 && gso != VirtioNetHeader.GSO_TCPV6) {
            return false;
        }
        return segmentTcp(b, p, plen, VirtioNetHeader.gsoSize(b, off), sink);
    }

    private boolean segmentTcp(byte[] b, int p, int plen, int mss, Sink sink) {
        boolean v4 = IpPacket.version(b, p) == 4;
        int iph = v4 ? IpPacket.ihl(b, p) : IpPacket.IPV6_HEADER;
        if (plen < iph + 20 || mss <= 0) {
            return false;
        }
        int thl = ((b[p + iph + 12] & 0xff) >>> 4) * 4;
        int hdr = iph + thl;
        if (thl < 20 || plen < hdr) {
            return false;
        }
        System.arraycopy(b, p, savedHeader, 0, hdr);
        int payload = plen - hdr;
        int seq0 = IpPacket.u32(savedHeader, iph + 4);
        int id0 = v4 ? IpPacket.u16(savedHeader, 4) : 0;
        int tcpFlags = savedHeader[iph + 13] & 0xff;
        int segments = Math.max(1, (payload + mss - 1) / mss);
        for (int i = 0; i < segments; i++) {
            int chunk = Math.min(mss, payload - i * mss);
            int s = p + i * mss; // headers land here, in front of the chunk at s + hdr
            if (i > 0) {
                System.arraycopy(savedHeader, 0, b, s, hdr);
            }
            int total = hdr + chunk;
            int f = tcpFlags;
            if (i < segments - 1) {
                f &= ~(0x01 | 0x08); // FIN, PSH
            }
            if (i > 0) {
                f &= ~0x80; // CWR
            }
            b[s + iph + 13] = (byte) f;
            IpPacket.put32(b, s + iph + 4, seq0 + i * mss);
            if (v4) {
                IpPacket.put16(b, s + 2, total);
                IpPacket.put16(b, s + 4, id0 + i);
                IpPacket.updateIpv4Checksum(b, s);
            } else {
                IpPacket.put16(b, s + 4, total - IpPacket.IPV6_HEADER);
            }
            b[s + iph + 16] = 0;
            b[s + iph + 17] = 0;
            long sum = IpPacket.pseudoHeaderSum(b, s, IpPacket.PROTO_TCP, thl + chunk);
            int c = ~IpPacket.fold(IpPacket.sum(b, s + iph, thl + chunk, sum)) & 0xffff;
            IpPacket.put16(b, s + iph + 16, c);
            sink.packet(b, s, total);
        }
        return true;
    }
}
