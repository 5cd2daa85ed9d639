package io.gatewise.agent.ipsec;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewise.agent.ipsec.SaSpec.Direction;
import io.gatewise.agent.ipsec.SaSpec.Mode;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * IPv6 inner traffic in the datapath's pure parts: the SPD lookup of IPv6 packets (RFC 4301
 * section 4.4.1: addresses and the next layer protocol behind extension headers), tunnel-mode
 * ESP with Next Header 41 (RFC 4303 section 2.6) over an IPv4 outer path, and the inbound
 * selector check after decryption (RFC 4301 section 5.2).
 */
class Ipv6SelectorDatapathTest {
    private static final TrafficSelector NET1 = TestSas.subnet("2001:db8:1::", "2001:db8:1::ffff:ffff:ffff:ffff");
    private static final TrafficSelector NET2 = TestSas.subnet("2001:db8:2::", "2001:db8:2::ffff:ffff:ffff:ffff");
    private final TestSas f = new TestSas();

    private static SaId sa(int spi) {
        return new SaId(spi, IpsecProtocol.ESP, TestSas.ip("198.51.100.2"));
    }

    /** An IPv6 packet: header, the given extension headers (each 8 bytes, next header chained), upper layer. */
    static byte[] v6(String src, String dst, int upper, byte[] upperLayer, int... extensions) {
        byte[] p = new byte[40 + extensions.length * 8 + upperLayer.length];
        p[0] = 0x60;
        IpPacket.put16(p, 4, p.length - 40);
        p[6] = (byte) (extensions.length > 0 ? extensions[0] : upper);
        p[7] = 64;
        System.arraycopy(v6Bytes(src), 0, p, 8, 16);
        System.arraycopy(v6Bytes(dst), 0, p, 24, 16);
        for (int i = 0; i < extensions.length; i++) {
            int h = 40 + i * 8;
            p[h] = (byte) (i + 1 < extensions.length ? extensions[i + 1] : upper);
            p[h + 1] = 0; // length: 8 bytes (fragment header: reserved)
        }
        System.arraycopy(upperLayer, 0, p, 40 + extensions.length * 8, upperLayer.length);
        return p;
    }

    /** 16 bytes; Java parses ::ffff:a.b.c.d as an IPv4 address, so map it back. */
    private static byte[] v6Bytes(String text) {
        byte[] a = TestSas.ip(text).getAddress();
        if (a.length == 16) {
            return a;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(a, 0, mapped, 12, 4);
        return mapped;
    }

    static byte[] udp(int srcPort, int dstPort) {
        byte[] u = new byte[8 + 12];
        IpPacket.put16(u, 0, srcPort);
        IpPacket.put16(u, 2, dstPort);
        IpPacket.put16(u, 4, u.length);
        return u;
    }

    private static FlowKey flow(byte[] p) {
        FlowKey k = new FlowKey();
        assertThat(k.parse(p, 0, p.length)).isTrue();
        return k;
    }

    @Test
    void ipv6PacketsFindIpv6PoliciesOnlyAndIpv4PacketsNeverDo() {
        SecurityPolicyDatabase spd = new SecurityPolicyDatabase();
        spd.add(new PolicySpec("v4", List.of(TestSas.subnet("10.91.1.0", "10.91.1.255")),
                List.of(TestSas.subnet("10.91.2.0", "10.91.2.255")), sa(0x400), sa(0x401), 10));
        spd.add(new PolicySpec("v6", List.of(NET1), List.of(NET2), sa(0x600), sa(0x601), 10));
        byte[] icmp6 = new byte[8];
        icmp6[0] = (byte) 128; // echo request
        assertThat(spd.lookupOutbound(flow(v6("2001:db8:1::5", "2001:db8:2::7", IpPacket.PROTO_ICMPV6, icmp6)))
                .outboundSa()).isEqualTo(sa(0x600));
        assertThat(spd.lookupOutbound(flow(v6("2001:db8:1::5", "2001:db8:3::7", IpPacket.PROTO_ICMPV6, icmp6))))
                .as("outside the remote subnet").isNull();
        assertThat(spd.lookupOutbound(flow(v6("2001:db8:2::7", "2001:db8:1::5", IpPacket.PROTO_ICMPV6, icmp6))))
                .as("direction matters").isNull();
        // ::ffff:10.91.1.5 is an IPv6 address: the IPv4 policy must not take it
        assertThat(spd.lookupOutbound(flow(v6("::ffff:10.91.1.5", "::ffff:10.91.2.7", IpPacket.PROTO_ICMPV6,
                icmp6)))).isNull();
        assertThat(spd.lookupOutbound(flow(TestSas.icmp("10.91.1.5", "10.91.2.7", 8))).outboundSa())
                .isEqualTo(sa(0x400));
        spd.remove("v4");
        assertThat(spd.lookupOutbound(flow(TestSas.icmp("10.91.1.5", "10.91.2.7", 8))))
                .as("an IPv6 policy never takes an IPv4 packet").isNull();
    }

    @Test
    void portSelectorsSeeThroughIpv6ExtensionHeaders() {
        SecurityPolicyDatabase spd = new SecurityPolicyDatabase();
        TrafficSelector dns = new TrafficSelector(NET2.start(), NET2.end(), IpPacket.PROTO_UDP, 53, 53);
        spd.add(new PolicySpec("dns", List.of(NET1), List.of(dns), sa(0x700), sa(0x701), 1));

        byte[] plain = v6("2001:db8:1::5", "2001:db8:2::7", IpPacket.PROTO_UDP, udp(40000, 53));
        assertThat(spd.lookupOutbound(flow(plain))).isNotNull();
        byte[] behindOptions = v6("2001:db8:1::5", "2001:db8:2::7", IpPacket.PROTO_UDP, udp(40000, 53),
                IpPacket.IPV6_HOP_BY_HOP, IpPacket.IPV6_DESTINATION);
        FlowKey k = flow(behindOptions);
        assertThat(k.protocol()).as("the next layer protocol, not the first extension header")
                .isEqualTo(IpPacket.PROTO_UDP);
        assertThat(spd.lookupOutbound(k)).isNotNull();
        byte[] firstFragment = v6("2001:db8:1::5", "2001:db8:2::7", IpPacket.PROTO_UDP, udp(40000, 53),
                IpPacket.IPV6_FRAGMENT);
        assertThat(spd.lookupOutbound(flow(firstFragment))).isNotNull();
        assertThat(spd.lookupOutbound(flow(v6("2001:db8:1::5", "2001:db8:2::7", IpPacket.PROTO_UDP, udp(40000, 54)))))
                .as("another port").isNull();

        // a later fragment has no ports (OPAQUE, RFC 4301 section 4.4.1.1): only "any port" matches
        byte[] laterFragment = firstFragment.clone();
        IpPacket.put16(laterFragment, 42, 185 << 3);
        assertThat(spd.lookupOutbound(flow(laterFragment))).isNull();
        spd.add(new PolicySpec("any", List.of(NET1), List.of(NET2), sa(0x800), sa(0x801), 5));
        assertThat(spd.lookupOutbound(flow(laterFragment)).outboundSa()).isEqualTo(sa(0x800));

        // a header chain running past the packet still parses (protocol known, ports not)
        byte[] truncated = Arrays.copyOf(behindOptions, 44);
        IpPacket.put16(truncated, 4, 4);
        FlowKey t = flow(truncated);
        assertThat(t.srcPort).isEqualTo(-1);
    }

    private SaSpec v6Spec(Direction dir) {
        EncryptionAlgorithm enc = EncryptionAlgorithm.AES_GCM_16_128;
        return new SaSpec(new SaId(0x1000, IpsecProtocol.ESP, TestSas.ip("198.51.100.2")), dir, Mode.TUNNEL,
                new Endpoint(TestSas.ip("198.51.100.1"), 4500), new Endpoint(TestSas.ip("198.51.100.2"), 4500), true,
                enc, TestSas.key(enc.keyLength(), 1), null, null, List.of(NET1), List.of(NET2), 64, false,
                SaLifetime.UNLIMITED, 7);
    }

    @Test
    void tunnelModeCarriesIpv6WithNextHeader41AndChecksItsSelectorsAfterDecryption() {
        SecurityAssociation tx = f.sa(v6Spec(Direction.OUTBOUND));
        SecurityAssociation rx = f.sa(f.mirror(v6Spec(Direction.OUTBOUND), Direction.INBOUND));
        FlowKey key = new FlowKey();
        byte[] wire = new byte[2048];
        byte[] plain = new byte[2048];

        byte[] inner = v6("2001:db8:1::5", "2001:db8:2::7", IpPacket.PROTO_UDP, udp(1234, 5678));
        int n = EspProcessor.encapsulate(tx, 0, tx.reserveSequence(1), inner, 0, inner.length, wire, 0);
        int m = EspProcessor.decapsulate(rx, 0, wire, 0, n, 0, 0, plain, 0, key);
        assertThat(rx.esp(0).lastNextHeader()).as("ESP Next Header for IPv6").isEqualTo(IpPacket.PROTO_IPV6);
        assertThat(m).isEqualTo(inner.length);
        assertThat(Arrays.copyOf(plain, m)).isEqualTo(inner);

        // decrypts fine but comes from outside the SA's selectors: dropped (RFC 4301 section 5.2)
        byte[] spoofed = v6("2001:db8:9::5", "2001:db8:2::7", IpPacket.PROTO_UDP, udp(1234, 5678));
        n = EspProcessor.encapsulate(tx, 0, tx.reserveSequence(1), spoofed, 0, spoofed.length, wire, 0);
        assertThat(EspProcessor.decapsulate(rx, 0, wire, 0, n, 0, 0, plain, 0, key))
                .isEqualTo(EspProcessor.DROP_SELECTOR);
        // an IPv4 packet on an IPv6 SA: no IPv4 selector, dropped
        byte[] v4 = TestSas.icmp("10.91.1.5", "10.91.2.7", 8);
        n = EspProcessor.encapsulate(tx, 0, tx.reserveSequence(1), v4, 0, v4.length, wire, 0);
        assertThat(EspProcessor.decapsulate(rx, 0, wire, 0, n, 0, 0, plain, 0, key))
                .isEqualTo(EspProcessor.DROP_SELECTOR);
        assertThat(rx.counters().snapshot().packets()).isEqualTo(1);
    }
}
