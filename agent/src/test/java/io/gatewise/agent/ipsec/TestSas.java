package io.gatewise.agent.ipsec;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** SA fixtures with fixed keys. */
final class TestSas {
    final List<String> events = new ArrayList<>();
    long nanos = 0;

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static TrafficSelector subnet(String start, String end) {
        return new TrafficSelector(ip(start), ip(end), 0, 0, 65535);
    }

    static byte[] key(int n, int seed) {
        byte[] k = new byte[n];
        for (int i = 0; i < n; i++) {
            k[i] = (byte) (seed + i * 7);
        }
        return k;
    }

    SaSpec spec(IpsecProtocol proto, SaSpec.Direction dir, SaSpec.Mode mode, EncryptionAlgorithm enc,
            IntegrityAlgorithm integ, boolean esn, SaLifetime lifetime) {
        return new SaSpec(new SaId(0x1000, proto, ip("198.51.100.2")), dir, mode,
                new Endpoint(ip("198.51.100.1"), 0), new Endpoint(ip("198.51.100.2"), 0), false, enc,
                enc == null ? null : key(enc.keyLength(), 1), integ, integ == null ? null : key(integ.keyLength(), 2),
                List.of(subnet("10.91.1.0", "10.91.1.255")), List.of(subnet("10.91.2.0", "10.91.2.255")), 64, esn,
                lifetime, 7);
    }

    SecurityAssociation sa(SaSpec spec) {
        return new SecurityAssociation(spec, 2, true, () -> nanos,
                (sa, hard) -> events.add((hard ? "hard " : "soft ") + sa.id()));
    }

    /** The same keys with local/remote selectors swapped: the receiver's inbound SA. */
    SaSpec mirror(SaSpec s, SaSpec.Direction dir) {
        return new SaSpec(s.id(), dir, s.mode(), s.remote(), s.local(), s.udpEncapsulated(), s.encryption(),
                s.encryption() == null ? null : key(s.encryption().keyLength(), 1), s.integrity(),
                s.integrity() == null ? null : key(s.integrity().keyLength(), 2), s.remoteSelectors(),
                s.localSelectors(), s.replayWindow(), s.extendedSequenceNumbers(), s.lifetime(), s.reqId());
    }

    /** An IPv4 ICMP echo packet from src to dst with some payload. */
    static byte[] icmp(String src, String dst, int payload) {
        byte[] p = new byte[20 + 8 + payload];
        byte[] s = ip(src).getAddress();
        byte[] d = ip(dst).getAddress();
        IpPacket.writeIpv4Header(p, 0, p.length, 0x1234, true, 64, IpPacket.PROTO_ICMP, IpPacket.u32(s, 0),
                IpPacket.u32(d, 0));
        p[20] = 8;
        for (int i = 28; i < p.length; i++) {
            p[i] = (byte) i;
        }
        IpPacket.put16(p, 22, IpPacket.checksum(p, 20, p.length - 20));
        return p;
    }
}
