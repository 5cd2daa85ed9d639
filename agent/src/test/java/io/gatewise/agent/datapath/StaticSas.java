package io.gatewise.agent.datapath;

import io.gatewise.agent.ipsec.EncryptionAlgorithm;
import io.gatewise.agent.ipsec.Endpoint;
import io.gatewise.agent.ipsec.IntegrityAlgorithm;
import io.gatewise.agent.ipsec.IpsecBackend;
import io.gatewise.agent.ipsec.IpsecProtocol;
import io.gatewise.agent.ipsec.PolicySpec;
import io.gatewise.agent.ipsec.SaId;
import io.gatewise.agent.ipsec.SaLifetime;
import io.gatewise.agent.ipsec.SaSpec;
import io.gatewise.agent.ipsec.TrafficSelector;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Installs a matching pair of SAs plus a policy with fixed test keys through the
 * {@link IpsecBackend} interface, the way IKE would after a negotiation.
 */
public final class StaticSas {
    private StaticSas() {
    }

    public static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** "10.91.1.0/24" to a selector (any protocol and port). */
    public static TrafficSelector cidr(String cidr) {
        String[] p = cidr.split("/");
        byte[] a = ip(p[0]).getAddress();
        int bits = Integer.parseInt(p[1]);
        byte[] lo = a.clone();
        byte[] hi = a.clone();
        for (int i = 0; i < a.length * 8; i++) {
            if (i >= bits) {
                lo[i / 8] &= (byte) ~(0x80 >>> (i % 8));
                hi[i / 8] |= (byte) (0x80 >>> (i % 8));
            }
        }
        try {
            return new TrafficSelector(InetAddress.getByAddress(lo), InetAddress.getByAddress(hi), 0, 0, 65535);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Deterministic test key material; both ends derive the same bytes from the SPI. */
    public static byte[] key(int length, int spi, int salt) {
        byte[] k = new byte[length];
        for (int i = 0; i < length; i++) {
            k[i] = (byte) (spi * 31 + i * 17 + salt);
        }
        return k;
    }

    /** Parameters of one side of a static tunnel. */
    public record Side(String localOuter, String remoteOuter, int outSpi, int inSpi, String localNet, String remoteNet,
            IpsecProtocol protocol, SaSpec.Mode mode, boolean udp, EncryptionAlgorithm enc, IntegrityAlgorithm integ) {
        public Side mirrored() {
            return new Side(remoteOuter, localOuter, inSpi, outSpi, remoteNet, localNet, protocol, mode, udp, enc, integ);
        }
    }

    public static void install(IpsecBackend backend, Side s) {
        install(backend, s, SaSpec.MAIN_INTERFACE);
    }

    /** As {@link #install(IpsecBackend, Side)}, with the SAs and the policy bound to interface {@code interfaceId}. */
    public static void install(IpsecBackend backend, Side s, int interfaceId) {
        int port = s.udp() ? 4500 : 0;
        Endpoint local = new Endpoint(ip(s.localOuter()), port);
        Endpoint remote = new Endpoint(ip(s.remoteOuter()), port);
        List<TrafficSelector> l = List.of(cidr(s.localNet()));
        List<TrafficSelector> r = List.of(cidr(s.remoteNet()));
        SaId out = new SaId(s.outSpi(), s.protocol(), ip(s.remoteOuter()));
        SaId in = new SaId(s.inSpi(), s.protocol(), ip(s.localOuter()));
        backend.addSa(spec(out, SaSpec.Direction.OUTBOUND, local, remote, l, r, s, interfaceId));
        backend.addSa(spec(in, SaSpec.Direction.INBOUND, local, remote, l, r, s, interfaceId));
        backend.addPolicy(new PolicySpec("static-" + Integer.toHexString(s.outSpi()), l, r, out, in, 10,
                interfaceId));
    }

    private static SaSpec spec(SaId id, SaSpec.Direction dir, Endpoint local, Endpoint remote,
            List<TrafficSelector> l, List<TrafficSelector> r, Side s, int interfaceId) {
        EncryptionAlgorithm enc = s.protocol() == IpsecProtocol.AH ? null : s.enc();
        return new SaSpec(id, dir, s.mode(), local, remote, s.udp(), enc,
                enc == null ? null : key(enc.keyLength(), id.spi(), 1), s.integ(),
                s.integ() == null ? null : key(s.integ().keyLength(), id.spi(), 2), l, r, 1024, false,
                SaLifetime.UNLIMITED, id.spi(), interfaceId);
    }
}
