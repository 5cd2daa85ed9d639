package io.gatewise.agent.ipsec;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever IPv6 bytes arrive from the TUN device or out of an SA, parsing the selector
 * fields walks the extension header chain without reading past the packet, and a parsed
 * packet either has ports inside it or none.
 */
class FlowKeyIpv6FuzzTest {
    private static final int[] CHAIN = {IpPacket.IPV6_HOP_BY_HOP, IpPacket.IPV6_ROUTING, IpPacket.IPV6_FRAGMENT,
            IpPacket.IPV6_DESTINATION, IpPacket.PROTO_TCP, IpPacket.PROTO_UDP, IpPacket.PROTO_ICMPV6, 132};

    @Provide
    Arbitrary<byte[]> ipv6Packets() {
        return Arbitraries.integers().between(40, 200).flatMap(n -> Arbitraries.bytes().array(byte[].class)
                .ofSize(n).map(b -> {
                    b[0] = (byte) (0x60 | (b[0] & 0x0f));
                    // mostly extension headers and upper layers, so the chain is walked deep
                    for (int i = 6; i < b.length; i += 8) {
                        if ((b[i] & 1) == 0) {
                            b[i] = (byte) CHAIN[(b[i] & 0xff) % CHAIN.length];
                        }
                    }
                    return b;
                }));
    }

    @Property(tries = 5000)
    void neverReadsPastThePacket(@ForAll("ipv6Packets") byte[] packet) {
        FlowKey k = new FlowKey();
        // the packet sits inside a larger buffer: a walk past its end would read foreign bytes silently
        byte[] buffer = new byte[packet.length + 64];
        java.util.Arrays.fill(buffer, (byte) IpPacket.IPV6_DESTINATION);
        System.arraycopy(packet, 0, buffer, 16, packet.length);
        assertThat(k.parse(buffer, 16, packet.length)).isTrue();
        FlowKey direct = new FlowKey();
        assertThat(direct.parse(packet, 0, packet.length)).isTrue();
        assertThat(k.protocol()).isEqualTo(direct.protocol());
        assertThat(k.srcPort).isEqualTo(direct.srcPort);
        assertThat(k.dstPort).isEqualTo(direct.dstPort);
    }
}
