package io.gatewise.agent.datapath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatewise.agent.ipsec.EncryptionAlgorithm;
import io.gatewise.agent.ipsec.IntegrityAlgorithm;
import io.gatewise.agent.ipsec.IpPacket;
import io.gatewise.agent.ipsec.IpsecProtocol;
import io.gatewise.agent.ipsec.SaCounters;
import io.gatewise.agent.ipsec.SaId;
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

/** Two backends over in-memory TUN devices and an in-memory UDP wire. */
class InMemoryDatapathTest {
    private static final int A = 0xc6336401; // 198.51.100.1
    private static final int B = 0xc6336402;
    private final InMemoryUdpNetwork wire = new InMemoryUdpNetwork();
    private final InMemoryTun tunA = new InMemoryTun("a", false);
    private final InMemoryTun tunB = new InMemoryTun("b", false);
    private final List<UserspaceIpsecBackend> backends = new ArrayList<>();
    private final StaticSas.Side sideA = new StaticSas.Side("198.51.100.1", "198.51.100.2", 0x1001, 0x2001,
            "10.91.1.0/24", "10.91.2.0/24", IpsecProtocol.ESP, SaSpec.Mode.TUNNEL, true,
            EncryptionAlgorithm.AES_GCM_16_128, null);

    private DatapathConfig config = DatapathConfig.defaults().withPipelines(1);

    private UserspaceIpsecBackend start(InMemoryTun tun, int address, StaticSas.Side side) {
        UserspaceIpsecBackend b = new UserspaceIpsecBackend(config, tun,
                wire.bind(address, 4500), null, null);
        StaticSas.install(b, side);
        b.start();
        backends.add(b);
        return b;
    }

    @AfterEach
    void stop() {
        backends.forEach(UserspaceIpsecBackend::close);
    }

    static byte[] udpPacket(String src, String dst, int size) {
        byte[] p = new byte[28 + size];
        IpPacket.writeIpv4Header(p, 0, p.length, 1, true, 64, IpPacket.PROTO_UDP,
                IpPacket.u32(StaticSas.ip(src).getAddress(), 0), IpPacket.u32(StaticSas.ip(dst).getAddress(), 0));
        IpPacket.put16(p, 20, 1234);
        IpPacket.put16(p, 22, 5678);
        IpPacket.put16(p, 24, 8 + size);
        for (int i = 28; i < p.length; i++) {
            p[i] = (byte) (i * 3);
        }
        return p;
    }

    @Test
    void packetsCrossTheTunnelBothWaysAndAreCounted() throws Exception {
        UserspaceIpsecBackend a = start(tunA, A, sideA);
        UserspaceIpsecBackend b = start(tunB, B, sideA.mirrored());
        List<byte[]> seen = new ArrayList<>();
        wire.tap(d -> seen.add(d.data().clone()));
        byte[] p = udpPacket("10.91.1.5", "10.91.2.7", 300);
        tunA.inject(p);
        byte[] got = tunB.take(5, TimeUnit.SECONDS);
        assertThat(got).isEqualTo(p);
        assertThat(seen).hasSize(1);
        assertThat(Arrays.copyOf(seen.get(0), 4)).containsExactly(0, 0, 0x10, 0x01); // SPI, not cleartext
        byte[] reply = udpPacket("10.91.2.7", "10.91.1.5", 50);
        tunB.inject(reply);
        assertThat(tunA.take(5, TimeUnit.SECONDS)).isEqualTo(reply);
        SaCounters inB = b.querySa(new SaId(0x1001, IpsecProtocol.ESP, StaticSas.ip("198.51.100.2"))).orElseThrow();
        assertThat(inB.packets()).isEqualTo(1);
        assertThat(a.querySa(new SaId(0x1001, IpsecProtocol.ESP, StaticSas.ip("198.51.100.2"))).orElseThrow()
                .packets()).isEqualTo(1);
    }

    @Test
    void replayedTamperedAndUnknownSpiPacketsAreDroppedWhileTheTunnelKeepsWorking() throws Exception {
        start(tunA, A, sideA);
        UserspaceIpsecBackend b = start(tunB, B, sideA.mirrored());
        List<InMemoryUdpNetwork.Datagram> captured = new ArrayList<>();
        wire.tap(d -> captured.add(new InMemoryUdpNetwork.Datagram(d.srcAddress(), d.srcPort(), d.dstAddress(),
                d.dstPort(), d.data().clone())));
        byte[] p = udpPacket("10.91.1.5", "10.91.2.7", 100);
        tunA.inject(p);
        assertThat(tunB.take(5, TimeUnit.SECONDS)).isEqualTo(p);
        InMemoryUdpNetwork.Datagram original = captured.get(0);
        wire.inject(original); // replay
        byte[] tampered = original.data().clone();
        tampered[7] = 0x55; // a fresh sequence number passes the replay pre-check, fails the ICV
        wire.inject(new InMemoryUdpNetwork.Datagram(A, 4500, B, 4500, tampered));
        byte[] wrongSpi = original.data().clone();
        wrongSpi[3] = 0x77;
        wire.inject(new InMemoryUdpNetwork.Datagram(A, 4500, B, 4500, wrongSpi));
        wire.inject(new InMemoryUdpNetwork.Datagram(A, 4500, B, 4500, new byte[] {(byte) 0xff}));
        SaId in = new SaId(0x1001, IpsecProtocol.ESP, StaticSas.ip("198.51.100.2"));
        await().atMost(Duration.ofSeconds(30)).until(() -> b.counters().keepalives.get() == 1);
        SaCounters c = b.querySa(in).orElseThrow();
        assertThat(c.replayDrops()).isEqualTo(1);
        assertThat(c.authFailures()).isEqualTo(1);
        assertThat(b.counters().unknownSpi.get()).isEqualTo(1);
        // still working
        tunA.inject(p);
        assertThat(tunB.take(5, TimeUnit.SECONDS)).isEqualTo(p);
        assertThat(tunB.delivered()).isZero();
    }

    @Test
    void nonEspMarkerGoesToIkeAndIkeCanSendOn4500() throws Exception {
        UserspaceIpsecBackend a = start(tunA, A, sideA);
        UserspaceIpsecBackend b = start(tunB, B, sideA.mirrored());
        List<String> got = new ArrayList<>();
        b.setNonEspHandler((addr, port, d, off, len) -> {
            synchronized (got) {
                got.add(Integer.toHexString(addr) + ":" + port + " " + new String(d, off, len));
            }
        });
        byte[] ike = "IKE-MESSAGE".getBytes();
        a.sendNonEsp(StaticSas.ip("198.51.100.2"), 4500, ike, 0, ike.length);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            synchronized (got) {
                return got.size() == 1;
            }
        });
        assertThat(got).containsExactly("c6336401:4500 IKE-MESSAGE");
        assertThat(tunB.delivered()).isZero();
    }

    @Test
    void packetsWithoutPolicyOrOutsideSelectorsAreDropped() throws Exception {
        UserspaceIpsecBackend a = start(tunA, A, sideA);
        start(tunB, B, sideA.mirrored());
        tunA.inject(udpPacket("10.91.1.5", "10.77.0.1", 10)); // no policy
        await().atMost(Duration.ofSeconds(30)).until(() -> a.counters().noPolicy.get() == 1);
        assertThat(tunB.take(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void cbcHmacAndRawStyleTransportModeAlsoWork() throws Exception {
        StaticSas.Side cbc = new StaticSas.Side("198.51.100.1", "198.51.100.2", 0x3001, 0x4001, "10.91.1.0/24",
                "10.91.2.0/24", IpsecProtocol.ESP, SaSpec.Mode.TUNNEL, true, EncryptionAlgorithm.AES_CBC_128,
                IntegrityAlgorithm.HMAC_SHA2_256_128);
        start(tunA, A, cbc);
        start(tunB, B, cbc.mirrored());
        for (int size : new int[] {0, 1, 15, 16, 17, 1300}) {
            byte[] p = udpPacket("10.91.1.5", "10.91.2.7", size);
            tunA.inject(p);
            assertThat(tunB.take(5, TimeUnit.SECONDS)).isEqualTo(p);
        }
    }

    @Test
    void oversizedPacketsGetFragmentationNeededWithDfAndAreFragmentedWithout() throws Exception {
        config = DatapathConfig.defaults().withPipelines(1).withMtu(600, 1400);
        UserspaceIpsecBackend a = start(tunA, A, sideA);
        start(tunB, B, sideA.mirrored());
        byte[] big = udpPacket("10.91.1.5", "10.91.2.7", 1000);
        tunA.inject(big);
        byte[] icmp = tunA.take(5, TimeUnit.SECONDS);
        assertThat(icmp).isNotNull();
        assertThat(icmp[9]).isEqualTo((byte) IpPacket.PROTO_ICMP);
        assertThat(icmp[20]).isEqualTo((byte) 3);
        assertThat(icmp[21]).isEqualTo((byte) 4);
        assertThat(IpPacket.u16(icmp, 26)).isLessThanOrEqualTo(600 - 20 - 8 - 8 - 8 - 16).isGreaterThan(500);
        assertThat(a.counters().fragmentationNeeded.get()).isEqualTo(1);

        byte[] noDf = big.clone();
        noDf[6] = 0;
        IpPacket.updateIpv4Checksum(noDf, 0);
        tunA.inject(noDf);
        byte[] f1 = tunB.take(5, TimeUnit.SECONDS);
        byte[] f2 = tunB.take(5, TimeUnit.SECONDS);
        assertThat(IpPacket.u16(f1, 6) & 0x2000).as("more fragments").isNotZero();
        assertThat(IpPacket.u16(f2, 6) & 0x1fff).isEqualTo((f1.length - 20) / 8);
        assertThat(f1.length - 20 + f2.length - 20).isEqualTo(big.length - 20);
    }

    @Test
    void ipv6InnerTrafficUsesIpv6Selectors() throws Exception {
        StaticSas.Side v6 = new StaticSas.Side("198.51.100.1", "198.51.100.2", 0x5001, 0x6001, "2001:db8:1::/48",
                "2001:db8:2::/48", IpsecProtocol.ESP, SaSpec.Mode.TUNNEL, true, EncryptionAlgorithm.AES_GCM_16_256,
                null);
        start(tunA, A, v6);
        start(tunB, B, v6.mirrored());
        byte[] p = new byte[40 + 8 + 20];
        p[0] = 0x60;
        IpPacket.put16(p, 4, 28);
        p[6] = (byte) IpPacket.PROTO_UDP;
        p[7] = 64;
        System.arraycopy(StaticSas.ip("2001:db8:1::5").getAddress(), 0, p, 8, 16);
        System.arraycopy(StaticSas.ip("2001:db8:2::7").getAddress(), 0, p, 24, 16);
        tunA.inject(p);
        assertThat(tunB.take(5, TimeUnit.SECONDS)).isEqualTo(p);
        byte[] outside = p.clone();
        outside[27] = 0x09; // 2001:db8:9::7 has no policy
        tunA.inject(outside);
        assertThat(tunB.take(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void volumeLifetimesTellIkeToRekeyAndThenStopTheSa() throws Exception {
        UserspaceIpsecBackend a = new UserspaceIpsecBackend(config, tunA, wire.bind(A, 4500), null, null);
        backends.add(a);
        start(tunB, B, sideA.mirrored());
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        a.setLifetimeListener((sa, reqId, hard) -> events.add((hard ? "hard " : "soft ") + sa + " " + reqId));
        SaId out = new SaId(0x1001, IpsecProtocol.ESP, StaticSas.ip("198.51.100.2"));
        io.gatewise.agent.ipsec.Endpoint l = new io.gatewise.agent.ipsec.Endpoint(StaticSas.ip("198.51.100.1"), 4500);
        io.gatewise.agent.ipsec.Endpoint r = new io.gatewise.agent.ipsec.Endpoint(StaticSas.ip("198.51.100.2"), 4500);
        List<io.gatewise.agent.ipsec.TrafficSelector> ln = List.of(StaticSas.cidr("10.91.1.0/24"));
        List<io.gatewise.agent.ipsec.TrafficSelector> rn = List.of(StaticSas.cidr("10.91.2.0/24"));
        a.addSa(new SaSpec(out, SaSpec.Direction.OUTBOUND, SaSpec.Mode.TUNNEL, l, r, true,
                EncryptionAlgorithm.AES_GCM_16_128, StaticSas.key(20, 0x1001, 1), null, null, ln, rn, 1024, false,
                new io.gatewise.agent.ipsec.SaLifetime(0, 0, 3000, 6000), 42));
        a.addPolicy(new io.gatewise.agent.ipsec.PolicySpec("p", ln, rn, out, out, 1));
        a.start();
        byte[] p = udpPacket("10.91.1.5", "10.91.2.7", 1000);
        for (int i = 0; i < 3; i++) {
            tunA.inject(p);
            assertThat(tunB.take(5, TimeUnit.SECONDS)).isEqualTo(p);
        }
        assertThat(events).containsExactly("soft " + out + " 42");
        for (int i = 0; i < 3; i++) {
            tunA.inject(p);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> events.size() == 2);
        assertThat(events.get(1)).isEqualTo("hard " + out + " 42");
        for (int i = 0; i < 3; i++) {
            assertThat(tunB.take(5, TimeUnit.SECONDS)).as("sent before the hard limit").isEqualTo(p);
        }
        tunA.inject(p);
        await().atMost(Duration.ofSeconds(30)).until(() -> a.counters().noSa.get() == 1);
        assertThat(tunB.take(300, TimeUnit.MILLISECONDS)).as("nothing is sent after the hard limit").isNull();
        assertThat(a.querySa(out).orElseThrow().bytes()).isGreaterThanOrEqualTo(6000);
    }

    @Test
    void garbageFromTheNetworkAndFromTheTunNeverStopsThePipelines() throws Exception {
        InMemoryTun vnetA = new InMemoryTun("va", true);
        UserspaceIpsecBackend a = new UserspaceIpsecBackend(config, vnetA, wire.bind(A, 4500), null, null);
        backends.add(a);
        StaticSas.install(a, sideA);
        a.start();
        UserspaceIpsecBackend b = start(tunB, B, sideA.mirrored());
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 3000; i++) {
            byte[] junk = new byte[r.nextInt(120)];
            r.nextBytes(junk);
            if (i % 3 == 0 && junk.length >= 8) {
                junk[0] = 0; // a known SPI with random contents
                junk[1] = 0;
                junk[2] = 0x10;
                junk[3] = 0x01;
            }
            wire.inject(new InMemoryUdpNetwork.Datagram(A, 4500, B, 4500, junk));
            byte[] tunJunk = new byte[11 + r.nextInt(200)];
            r.nextBytes(tunJunk);
            if (i % 2 == 0) {
                tunJunk[10] = 0x45; // looks like IPv4
            }
            vnetA.inject(tunJunk);
        }
        byte[] p = udpPacket("10.91.1.5", "10.91.2.7", 64);
        byte[] withHeader = new byte[10 + p.length];
        System.arraycopy(p, 0, withHeader, 10, p.length);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            vnetA.inject(withHeader);
            assertThat(tunB.take(200, TimeUnit.MILLISECONDS)).isEqualTo(p);
        });
        SaCounters in = b.querySa(new SaId(0x1001, IpsecProtocol.ESP, StaticSas.ip("198.51.100.2"))).orElseThrow();
        assertThat(in.authFailures() + in.otherDrops() + in.replayDrops()).isPositive();
    }

    @Test
    void trafficForAPolicyWithoutSaAsksIkeOncePerSecond() throws Exception {
        UserspaceIpsecBackend a = new UserspaceIpsecBackend(config, tunA, wire.bind(A, 4500), null, null);
        backends.add(a);
        List<String> acquires = new java.util.concurrent.CopyOnWriteArrayList<>();
        a.setAcquireHandler(p -> acquires.add(p.id()));
        SaId missing = new SaId(0x7777, IpsecProtocol.ESP, StaticSas.ip("198.51.100.2"));
        a.addPolicy(new io.gatewise.agent.ipsec.PolicySpec("trap", List.of(StaticSas.cidr("10.91.1.0/24")),
                List.of(StaticSas.cidr("10.91.2.0/24")), missing, missing, 1));
        a.start();
        for (int i = 0; i < 5; i++) {
            tunA.inject(udpPacket("10.91.1.5", "10.91.2.7", 10));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> a.counters().noSa.get() == 5);
        assertThat(acquires).containsExactly("trap");
    }
}
