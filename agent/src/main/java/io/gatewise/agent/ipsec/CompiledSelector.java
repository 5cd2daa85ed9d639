package io.gatewise.agent.ipsec;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * A {@link TrafficSelector} in a form the datapath can match without allocating: address
 * bounds as unsigned 128-bit pairs (IPv4 in the low word), protocol and port range.
 */
final class CompiledSelector {
    final boolean ipv4;
    final long startHi;
    final long startLo;
    final long endHi;
    final long endLo;
    final int protocol;
    final int startPort;
    final int endPort;
    final boolean anyPort;

    CompiledSelector(TrafficSelector s) {
        ipv4 = s.start() instanceof Inet4Address;
        long[] a = words(s.start());
        long[] z = words(s.end());
        startHi = a[0];
        startLo = a[1];
        endHi = z[0];
        endLo = z[1];
        protocol = s.ipProtocol();
        startPort = s.startPort();
        endPort = s.endPort();
        anyPort = startPort == 0 && (endPort == 0 || endPort == 65535);
    }

    static long[] words(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length == 4) {
            return new long[] {0, IpPacket.u32(b, 0) & 0xffffffffL};
        }
        return new long[] {IpPacket.u64(b, 0), IpPacket.u64(b, 8)};
    }

    boolean matchesV4(int address, int proto, int port) {
        if (!ipv4) {
            return false;
        }
        long a = address & 0xffffffffL;
        return a >= startLo && a <= endLo && matchesProtoPort(proto, port);
    }

    boolean matchesV6(long hi, long lo, int proto, int port) {
        if (ipv4) {
            return false;
        }
        int c1 = compare(hi, lo, startHi, startLo);
        int c2 = compare(hi, lo, endHi, endLo);
        return c1 >= 0 && c2 <= 0 && matchesProtoPort(proto, port);
    }

    private boolean matchesProtoPort(int proto, int port) {
        if (protocol != 0 && protocol != proto) {
            return false;
        }
        // port -1: not known (no ports in this protocol, or a non-first fragment);
        // only a selector for any port matches then (RFC 4301 section 4.4.1.1, OPAQUE).
        return anyPort || (port >= 0 && port >= startPort && port <= endPort);
    }

    private static int compare(long hi1, long lo1, long hi2, long lo2) {
        int c = Long.compareUnsigned(hi1, hi2);
        return c != 0 ? c : Long.compareUnsigned(lo1, lo2);
    }
}
