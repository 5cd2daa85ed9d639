package io.gatewise.agent.ipsec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecurityPolicyDatabaseTest {
    private static SaId sa(int spi) {
        return new SaId(spi, IpsecProtocol.ESP, TestSas.ip("198.51.100.2"));
    }

    private static PolicySpec policy(String id, String local, String remote, int spi, int prio) {
        return new PolicySpec(id, List.of(TestSas.subnet(local.split("-")[0], local.split("-")[1])),
                List.of(TestSas.subnet(remote.split("-")[0], remote.split("-")[1])), sa(spi), sa(spi + 1), prio);
    }

    private static FlowKey flow(String src, String dst) {
        byte[] p = TestSas.icmp(src, dst, 8);
        FlowKey k = new FlowKey();
        assertThat(k.parse(p, 0, p.length)).isTrue();
        return k;
    }

    @Test
    void firstMatchByPriorityAndRouteBasedCatchAll() {
        SecurityPolicyDatabase spd = new SecurityPolicyDatabase();
        spd.add(policy("any", "0.0.0.0-255.255.255.255", "0.0.0.0-255.255.255.255", 0x300, 100));
        spd.add(policy("narrow", "10.91.1.0-10.91.1.255", "10.91.2.0-10.91.2.255", 0x100, 10));
        assertThat(spd.lookupOutbound(flow("10.91.1.5", "10.91.2.9")).outboundSa()).isEqualTo(sa(0x100));
        assertThat(spd.lookupOutbound(flow("10.91.1.5", "10.99.0.1")).outboundSa()).isEqualTo(sa(0x300));
        spd.remove("any");
        assertThat(spd.lookupOutbound(flow("10.91.1.5", "10.99.0.1"))).isNull();
        assertThat(spd.lookupOutbound(flow("10.91.2.9", "10.91.1.5"))).as("direction matters").isNull();
    }

    @Test
    void portAndProtocolSelectors() {
        SecurityPolicyDatabase spd = new SecurityPolicyDatabase();
        spd.add(new PolicySpec("udp-53", List.of(new TrafficSelector(TestSas.ip("10.0.0.0"), TestSas.ip("10.0.0.255"),
                17, 0, 65535)), List.of(new TrafficSelector(TestSas.ip("10.1.0.0"), TestSas.ip("10.1.0.255"), 17, 53, 53)),
                sa(0x500), sa(0x501), 1));
        assertThat(spd.lookupOutbound(flow("10.0.0.1", "10.1.0.1"))).as("ICMP is not UDP").isNull();
        byte[] udp = new byte[28];
        IpPacket.writeIpv4Header(udp, 0, 28, 1, false, 64, 17, 0x0a000001, 0x0a010001);
        IpPacket.put16(udp, 20, 40000);
        IpPacket.put16(udp, 22, 53);
        FlowKey k = new FlowKey();
        k.parse(udp, 0, 28);
        assertThat(spd.lookupOutbound(k)).isNotNull();
        IpPacket.put16(udp, 22, 54);
        k.parse(udp, 0, 28);
        assertThat(spd.lookupOutbound(k)).isNull();
    }

    @Test
    void addingTheSameIdReplacesThePolicyForRekeys() {
        SecurityPolicyDatabase spd = new SecurityPolicyDatabase();
        spd.add(policy("t", "10.91.1.0-10.91.1.255", "10.91.2.0-10.91.2.255", 0x100, 10));
        spd.add(policy("t", "10.91.1.0-10.91.1.255", "10.91.2.0-10.91.2.255", 0x200, 10));
        assertThat(spd.policies()).hasSize(1);
        assertThat(spd.lookupOutbound(flow("10.91.1.5", "10.91.2.9")).outboundSa()).isEqualTo(sa(0x200));
    }
}
