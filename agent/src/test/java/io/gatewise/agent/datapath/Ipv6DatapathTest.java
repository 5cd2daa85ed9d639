package io.gatewise.agent.datapath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatewise.agent.ipsec.EncryptionAlgorithm;
import io.gatewise.agent.ipsec.IpPacket;
import io.gatewise.agent.ipsec.IpsecProtocol;
import io.gatewise.agent.ipsec.SaSpec;
import io.gatewise.agent.net.InMemoryTun;
import io.gatewise.agent.net.InMemoryUdpNetwork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * IPv6 inner packets through two userspace datapaths over an IPv4 outer wire: ICMPv6
 * Packet Too Big for oversized packets (RFC 4443 section 3.2; IPv6 has no DF and no
 * fragmentation on the way), the 1280-byte minimum link MTU of RFC 8200 section 5, and
 * the MSS clamp of IPv6 TCP SYNs.
 */
class Ipv6DatapathTest {
    private static final int A = 0xc6336401; // 198.51.100.1
    private static final int B = 0xc6336402;
    private final InMemoryUdpNetwork wire = new InMemoryUdpNetwork();
    private final InMemoryTun tunA = new InMemoryTun("a", false);
    private final InMemoryTun tunB = new InMemoryTun("b", false);
    private final List<UserspaceIpsecBackend> backends = new ArrayList<>();
    private final StaticSas.Side v6 = new StaticSas.Side("198.51.100.1", "198.51.100.2", 0x5001, 0x6001,
            "2001:db8:1::/64", "2001:db8:2::/64", IpsecProtocol.ESP, SaSpec.Mode.TUNNEL, true,
            EncryptionAlgorithm.AES_GCM_16_128, null);

    @AfterEach
    void stop() {
        backends.forEach(UserspaceIpsecBackend::close);
    }

    private UserspaceIpsecBackend start(DatapathConfig config, InMemoryTun tun, int address, StaticSas.Side side) {
        UserspaceIpsecBackend b = new UserspaceIpsecBackend(config, tun, wire.bind(address, 4500), null, null);
        StaticSas.install(b, side);
        b.start();
        backends.add(b);
        return b;
    }

    /** An IPv6 UDP packet of {@code size} payload bytes. */
    static byte[] udp6(String src, String dst, int size) {
        byte[] p = new byte[40 + 8 + size];
        p[0] = 0x60;
        IpPacket.put16(p, 4, 8 + size);
        p[6] = (byte) IpPacket.PROTO_UDP;
        p[7] = 64;
        System.arraycopy(StaticSas.ip(src).getAddress(), 0, p, 8, 16);
        System.arraycopy(StaticSas.ip(dst).getAddress(), 0, p, 24, 16);
        IpPacket.put16(p, 40, 1234);
        IpPacket.put16(p, 42, 5678);
        IpPacket.put16(p, 44, 8 + size);
        for (int i = 48; i < p.length; i++) {
            p[i] = (byte) (i * 7);
        }
        return p;
    }

    @Test
    void packetTooBigIsAWellFormedIcmpv6ErrorBackToTheSender() {
        byte[] big = udp6("2001:db8:1::5", "2001:db8:2::7", 3000);
        byte[] out = new byte[2000];
        int n = Icmp.packetTooBig(big, 0, big.length, 1406, out, 0);
        assertThat(n).as("never above the IPv6 minimum MTU").isEqualTo(1280);
        assertThat(IpPacket.version(out, 0)).isEqualTo(6);
        assertThat(IpPacket.u16(out, 4)).isEqualTo(n - 40);
        assertThat(IpPacket.u8(out, 6)).isEqualTo(IpPacket.PROTO_ICMPV6);
        assertThat(Arrays.copyOfRange(out, 8, 24)).as("from the packet's destination")
                .isEqualTo(Arrays.copyOfRange(big, 24, 40));
        assertThat(Arrays.copyOfRange(out, 24, 40)).as("to its source").isEqualTo(Arrays.copyOfRange(big, 8, 24));
        assertThat(IpPacket.u8(out, 40)).as("type Packet Too Big").isEqualTo(2);
        assertThat(IpPacket.u8(out, 41)).isZero();
        assertThat(IpPacket.u32(out, 44)).isEqualTo(1406);
        assertThat(Arrays.copyOfRange(out, 48, n)).as("the invoking packet, from its start")
                .isEqualTo(Arrays.copyOf(big, n - 48));
        // the checksum over pseudo-header and message verifies (sums to 0xffff)
        long sum = IpPacket.pseudoHeaderSum(out, 0, IpPacket.PROTO_ICMPV6, n - 40);
        assertThat(IpPacket.fold(IpPacket.sum(out, 40, n - 40, sum))).isEqualTo(0xffff);
    }

    @Test
    void icmpv6ErrorsAndMulticastAreNeverAnswered() {
        byte[] unicast = udp6("2001:db8:1::5", "2001:db8:2::7", 10);
        assertThat(Icmp.mayAnswerV6(unicast, 0, unicast.length)).isTrue();
        assertThat(Icmp.mayAnswerV6(udp6("2001:db8:1::5", "ff02::1", 10), 0, 58)).isFalse();
        assertThat(Icmp.mayAnswerV6(udp6("::", "2001:db8:2::7", 10), 0, 58)).isFalse();
        byte[] error = unicast.clone();
        error[6] = (byte) IpPacket.PROTO_ICMPV6;
        error[40] = 1; // destination unreachable
        assertThat(Icmp.mayAnswerV6(error, 0, error.length)).isFalse();
        error[40] = (byte) 128; // echo request: an informational message may be answered
        assertThat(Icmp.mayAnswerV6(error, 0, error.length)).isTrue();
    }

    @Test
    void theMssOfIpv6SynsIsClampedToTheTunnelWithAValidChecksum() {
        // IPv6 header, then a TCP SYN with one option: MSS 1440
        byte[] syn = new byte[40 + 24];
        syn[0] = 0x60;
        IpPacket.put16(syn, 4, 24);
        syn[6] = (byte) IpPacket.PROTO_TCP;
        syn[7] = 64;
        System.arraycopy(StaticSas.ip("2001:db8:1::5").getAddress(), 0, syn, 8, 16);
        System.arraycopy(StaticSas.ip("2001:db8:2::7").getAddress(), 0, syn, 24, 16);
        IpPacket.put16(syn, 40, 40000);
        IpPacket.put16(syn, 42, 443);
        syn[52] = 0x60;                 // data offset 6 words
        syn[53] = 0x02;                 // SYN
        IpPacket.put16(syn, 54, 65535);
        syn[60] = 2;
        syn[61] = 4;
        IpPacket.put16(syn, 62, 1440);
        long pseudo = IpPacket.pseudoHeaderSum(syn, 0, IpPacket.PROTO_TCP, 24);
        IpPacket.put16(syn, 56, ~IpPacket.fold(IpPacket.sum(syn, 40, 24, pseudo)) & 0xffff);

        assertThat(MssClamp.clamp(syn, 0, syn.length, 1400)).isTrue();
        assertThat(IpPacket.u16(syn, 62)).as("TUN MTU - 40 (IPv6) - 20 (TCP)").isEqualTo(1340);
        assertThat(IpPacket.fold(IpPacket.sum(syn, 40, 24, IpPacket.pseudoHeaderSum(syn, 0, IpPacket.PROTO_TCP, 24))))
                .as("checksum still verifies").isEqualTo(0xffff);
        assertThat(MssClamp.clamp(syn, 0, syn.length, 1400)).as("already small enough").isFalse();
    }

    @Test
    void oversizedIpv6PacketsGetPacketTooBigAndNeverLeaveUnprotected() throws Exception {
        DatapathConfig config = DatapathConfig.defaults().withPipelines(1);
        UserspaceIpsecBackend a = start(config, tunA, A, v6);
        start(config, tunB, B, v6.mirrored());
        List<byte[]> seen = new ArrayList<>();
        wire.tap(d -> seen.add(d.data().clone()));

        byte[] big = udp6("2001:db8:1::5", "2001:db8:2::7", 1900);
        tunA.inject(big);
        byte[] icmp = tunA.take(5, TimeUnit.SECONDS);
        assertThat(icmp).as("ICMPv6 written back into the TUN").isNotNull();
        assertThat(IpPacket.u8(icmp, 6)).isEqualTo(IpPacket.PROTO_ICMPV6);
        assertThat(IpPacket.u8(icmp, 40)).isEqualTo(2);
        int mtu = IpPacket.u32(icmp, 44);
        assertThat(mtu).as("what fits one 1500-byte outer IPv4 packet").isBetween(1280, 1500 - 20 - 8 - 8 - 8 - 16);
        assertThat(a.counters().fragmentationNeeded.get()).isEqualTo(1);
        assertThat(seen).as("nothing went out").isEmpty();

        // exactly the announced MTU crosses the tunnel
        byte[] fits = udp6("2001:db8:1::5", "2001:db8:2::7", mtu - 48);
        tunA.inject(fits);
        assertThat(tunB.take(5, TimeUnit.SECONDS)).isEqualTo(fits);
    }

    @Test
    void aNarrowOuterPathStillCarriesThe1280BytesIpv6Needs() throws Exception {
        // 1000-byte outer MTU: less than IPv6's 1280 fits; the datapath sends 1280 anyway (the
        // outer IPv4 packet is then fragmented by the kernel) and announces 1280, not less
        DatapathConfig config = DatapathConfig.defaults().withPipelines(1).withMtu(1000, 900);
        UserspaceIpsecBackend a = start(config, tunA, A, v6);
        start(config, tunB, B, v6.mirrored());
        byte[] minimum = udp6("2001:db8:1::5", "2001:db8:2::7", 1280 - 48);
        tunA.inject(minimum);
        assertThat(tunB.take(5, TimeUnit.SECONDS)).isEqualTo(minimum);

        tunA.inject(udp6("2001:db8:1::5", "2001:db8:2::7", 1281 - 48));
        byte[] icmp = tunA.take(5, TimeUnit.SECONDS);
        assertThat(icmp).isNotNull();
        assertThat(IpPacket.u32(icmp, 44)).isEqualTo(1280);
        await().atMost(Duration.ofSeconds(5)).until(() -> a.counters().fragmentationNeeded.get() == 1);
    }
}
