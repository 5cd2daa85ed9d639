package io.gatewise.agent.datapath;

import io.gatewise.agent.ipsec.EncryptionAlgorithm;
import io.gatewise.agent.ipsec.EspProcessor;
import io.gatewise.agent.ipsec.IntegrityAlgorithm;
import io.gatewise.agent.ipsec.IpPacket;
import io.gatewise.agent.ipsec.IpsecProtocol;
import io.gatewise.agent.ipsec.SaId;
import io.gatewise.agent.ipsec.SaLifetime;
import io.gatewise.agent.ipsec.SaSpec;
import io.gatewise.agent.ipsec.SecurityAssociation;
import io.gatewise.agent.ipsec.Endpoint;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * An attacker on the outer network for namespace tests: forges ESP-in-UDP packets for an
 * existing SA with the static test keys and sends them to the peer's port 4500 from
 * another port: a replayed sequence number (1), an out-of-window one (2), a tampered one
 * (fresh sequence number, wrong ICV) and one with an unknown SPI.
 *
 * <p>Args: dst-ip spi(hex) enc integ src-net dst-net
 */
public final class EspInjectorMain {
    private EspInjectorMain() {
    }

    public static void main(String[] args) throws Exception {
        String dst = args[0];
        int spi = (int) Long.parseLong(args[1], 16);
        EncryptionAlgorithm enc = EncryptionAlgorithm.valueOf(args[2]);
        IntegrityAlgorithm integ = args[3].equals("-") ? null : IntegrityAlgorithm.valueOf(args[3]);
        SaSpec spec = new SaSpec(new SaId(spi, IpsecProtocol.ESP, StaticSas.ip(dst)), SaSpec.Direction.OUTBOUND,
                SaSpec.Mode.TUNNEL, new Endpoint(StaticSas.ip("0.0.0.0"), 4500), new Endpoint(StaticSas.ip(dst), 4500),
                true, enc, StaticSas.key(enc.keyLength(), spi, 1), integ,
                integ == null ? null : StaticSas.key(integ.keyLength(), spi, 2), List.of(StaticSas.cidr(args[4])),
                List.of(StaticSas.cidr(args[5])), 0, false, SaLifetime.UNLIMITED, 0);
        SecurityAssociation sa = new SecurityAssociation(spec, 1, false, System::nanoTime, (s, h) -> { });
        byte[] inner = new byte[48];
        String src = args[4].split("/")[0];
        String to = args[5].split("/")[0];
        IpPacket.writeIpv4Header(inner, 0, inner.length, 1, false, 64, IpPacket.PROTO_ICMP,
                StaticTunnelMain.ipv4(src), StaticTunnelMain.ipv4(to));
        byte[] wire = new byte[256];
        try (DatagramSocket s = new DatagramSocket()) {
            InetSocketAddress peer = new InetSocketAddress(StaticSas.ip(dst), 4500);
            for (long seq : new long[] {1, 2}) { // replayed, and (after >1024 packets) out of window
                int n = EspProcessor.encapsulate(sa, 0, seq, inner, 0, inner.length, wire, 0);
                s.send(new DatagramPacket(wire, n, peer));
            }
            int n = EspProcessor.encapsulate(sa, 0, 0x7000_0000L, inner, 0, inner.length, wire, 0);
            wire[n - 1] ^= 1; // tampered ICV
            s.send(new DatagramPacket(wire, n, peer));
            n = EspProcessor.encapsulate(sa, 0, 0x7000_0001L, inner, 0, inner.length, wire, 0);
            wire[0] ^= 0x5a; // unknown SPI
            s.send(new DatagramPacket(wire, n, peer));
        }
        System.out.println("INJECTED 4");
    }
}
