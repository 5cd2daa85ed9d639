package io.gatewise.agent.datapath;

import io.gatewise.agent.ipsec.IpPacket;
import io.gatewise.agent.net.Tun;
import java.io.IOException;

/**
 * Writes decrypted packets to the TUN device. With virtio headers it coalesces runs of
 * in-order TCP segments of one flow into a single super-packet (GRO, as the kernel's
 * tcp_gro_receive and wireguard-go do) and hands it over with {@code gso_type} TCPV4 or
 * TCPV6, so the host's TCP stack sees one 64 KiB packet instead of forty-odd. Packets
 * that cannot be merged are written one by one. Not thread-safe: one per pipeline.
 *
 * <p>Merge rules (conservative): same addresses, ports, TTL/hop limit, TOS, DF, no IPv4
 * options or fragments; identical TCP header length and options (timestamps included),
 * ACK number and window; only ACK/PSH flags; the new segment starts where the run ends;
 * all segments have the first one's size except a shorter last; total below 64 KiB.
 */
final class TunWriter {
    private static final int MAX_GRO = 65535 - 100;

    private final Tun tun;
    private final int queue;
    private final boolean vnet;
    private final byte[] out = new byte[VirtioNetHeader.LENGTH + 65535];
    private int pendingLength; // IP packet bytes in out after the virtio header, 0 if none
    private int segments;
    private int segmentSize;
    private int iph;
    private int hdr;
    private boolean closedRun;
    private long written;

    TunWriter(Tun tun, int queue) {
        this.tun = tun;
        this.queue = queue;
        this.vnet = tun.vnetHeader();
    }

    /** Packets written to the device (a coalesced run counts once). */
    long writes() {
        return written;
    }

    /** Queues one decrypted IP packet. */
    void add(byte[] b, int off, int len) throws IOException {
        if (!vnet) {
            tun.write(queue, b, off, len);
            written++;
            return;
        }
        if (pendingLength > 0 && tryMerge(b, off, len)) {
            return;
        }
        flush();
        System.arraycopy(b, off, out, VirtioNetHeader.LENGTH, len);
        pendingLength = len;
        segments = 1;
        closedRun = false;
        iph = -1;
        int p = VirtioNetHeader.LENGTH;
        if (isMergeableTcp(out, p, len)) {
            iph = IpPacket.version(out, p) == 4 ? IpPacket.ihl(out, p) : IpPacket.IPV6_HEADER;
            hdr = iph + ((out[p + iph + 12] & 0xff) >>> 4) * 4;
            segmentSize = len - hdr;
            if (segmentSize == 0) {
                iph = -1; // pure ACKs are not merged
            }
        }
    }

    private static boolean isMergeableTcp(byte[] b, int p, int len) {
        int v = IpPacket.version(b, p);
        int ipHeader;
        if (v == 4) {
            if (IpPacket.ihl(b, p) != IpPacket.IPV4_HEADER || IpPacket.u8(b, p + 9) != IpPacket.PROTO_TCP
                    || (IpPacket.u16(b, p + 6) & 0x3fff) != 0) {
                return false; // options, not TCP, or a fragment (MF or offset set)
            }
            ipHeader = IpPacket.IPV4_HEADER;
        } else if (v == 6) {
            if (IpPacket.u8(b, p + 6) != IpPacket.PROTO_TCP) {
                return false;
            }
            ipHeader = IpPacket.IPV6_HEADER;
        } else {
            return false;
        }
        if (len < ipHeader + 20) {
            return false;
        }
        int flags = b[p + ipHeader + 13] & 0xff;
        return (flags & ~(0x10 | 0x08)) == 0 && (flags & 0x10) != 0;
    }

    private boolean tryMerge(byte[] b, int off, int len) {
        if (iph < 0 || closedRun || len <= hdr || len - hdr > segmentSize
                || pendingLength + len - hdr > MAX_GRO || !isMergeableTcp(b, off, len)) {
            return false;
        }
        int p = VirtioNetHeader.LENGTH;
        boolean v4 = iph == IpPacket.IPV4_HEADER && IpPacket.version(b, off) == 4;
        if (v4) {
            // version/IHL, TOS; skip length/id; flags; TTL, protocol; skip checksum; addresses
            if (out[p] != b[off] || out[p + 1] != b[off + 1] || out[p + 6] != b[off + 6] || out[p + 8] != b[off + 8]
                    || !same(out, p + 12, b, off + 12, 8)) {
                return false;
            }
        } else if (iph == IpPacket.IPV6_HEADER && IpPacket.version(b, off) == 6) {
            if (!same(out, p, b, off, 4) || out[p + 7] != b[off + 7] || !same(out, p + 8, b, off + 8, 32)) {
                return false;
            }
        } else {
            return false;
        }
        int t1 = p + iph;
        int t2 = off + iph;
        int thl = hdr - iph;
        if (((b[t2 + 12] & 0xff) >>> 4) * 4 != thl
                || !same(out, t1, b, t2, 4) // ports
                || !same(out, t1 + 8, b, t2 + 8, 4) // ack
                || !same(out, t1 + 14, b, t2 + 14, 2) // window
                || !same(out, t1 + 20, b, t2 + 20, thl - 20)) { // options
            return false;
        }
        int expectedSeq = IpPacket.u32(out, t1 + 4) + (pendingLength - hdr);
        if (IpPacket.u32(b, t2 + 4) != expectedSeq) {
            return false;
        }
        int f1 = out[t1 + 13] & 0xff;
        if ((f1 & 0x08) != 0) {
            return false; // PSH ended the run
        }
        int chunk = len - hdr;
        System.arraycopy(b, off + hdr, out, p + pendingLength, chunk);
        pendingLength += chunk;
        out[t1 + 13] = (byte) (f1 | (b[t2 + 13] & 0x08));
        segments++;
        if (chunk < segmentSize) {
            closedRun = true;
        }
        return true;
    }

    private static boolean same(byte[] a, int ao, byte[] b, int bo, int n) {
        for (int i = 0; i < n; i++) {
            if (a[ao + i] != b[bo + i]) {
                return false;
            }
        }
        return true;
    }

    /** Writes out the pending packet or run. */
    void flush() throws IOException {
        if (pendingLength == 0) {
            return;
        }
        int p = VirtioNetHeader.LENGTH;
        if (segments > 1) {
            boolean v4 = iph == IpPacket.IPV4_HEADER;
            if (v4) {
                IpPacket.put16(out, p + 2, pendingLength);
                IpPacket.updateIpv4Checksum(out, p);
            } else {
                IpPacket.put16(out, p + 4, pendingLength - IpPacket.IPV6_HEADER);
            }
            // CHECKSUM_PARTIAL: the TCP checksum field carries the pseudo-header sum and
            // the kernel (or nobody, for local delivery) finishes it.
            int tcpLength = pendingLength - iph;
            long pseudo = IpPacket.pseudoHeaderSum(out, p, IpPacket.PROTO_TCP, tcpLength);
            IpPacket.put16(out, p + iph + 16, IpPacket.fold(pseudo));
            VirtioNetHeader.write(out, 0, VirtioNetHeader.F_NEEDS_CSUM,
                    v4 ? VirtioNetHeader.GSO_TCPV4 : VirtioNetHeader.GSO_TCPV6, hdr, segmentSize, iph, 16);
        } else {
            VirtioNetHeader.clear(out, 0);
        }
        tun.write(queue, out, 0, VirtioNetHeader.LENGTH + pendingLength);
        written++;
        pendingLength = 0;
        segments = 0;
    }
}
