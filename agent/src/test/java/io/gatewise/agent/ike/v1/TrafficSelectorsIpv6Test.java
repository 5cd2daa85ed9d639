package io.gatewise.agent.ike.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import io.gatewise.agent.ike.codec.Bytes;
import io.gatewise.agent.ike.codec.IdType;
import io.gatewise.agent.ike.codec.IdentificationPayload;
import io.gatewise.agent.ike.codec.NotifyType;
import io.gatewise.agent.ike.sa.IkeException;
import io.gatewise.agent.ipsec.TrafficSelector;

/** IPv6 selectors as Quick Mode client IDs (RFC 2409 section 5.5, RFC 2407 section 4.6.2) and back. */
class TrafficSelectorsIpv6Test {
    private static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static TrafficSelector net(String network, int prefix) {
        return TrafficSelectors.subnet(ip(network), prefix);
    }

    @Test
    void ipv6SelectorsBecomeTheNarrowestIdTypeAndComeBackUnchanged() throws Exception {
        TrafficSelector subnet = net("2001:db8:1::", 64);
        TrafficSelector host = TrafficSelectors.host(ip("2001:db8:1::5"));
        TrafficSelector range = new TrafficSelector(ip("2001:db8:1::10"), ip("2001:db8:1::20"), 0, 0, 65535);
        TrafficSelector dns = new TrafficSelector(ip("2001:db8:2::"), ip("2001:db8:2::ffff:ffff:ffff:ffff"), 17, 53,
                53);
        assertThat(TrafficSelectors.toId(subnet).idType()).isEqualTo(IdType.IPV6_ADDR_SUBNET);
        assertThat(TrafficSelectors.toId(host).idType()).isEqualTo(IdType.IPV6_ADDR);
        assertThat(TrafficSelectors.toId(range).idType()).isEqualTo(IdType.IPV6_ADDR_RANGE);
        assertThat(TrafficSelectors.toId(dns).port()).isEqualTo(53);
        for (TrafficSelector ts : new TrafficSelector[] {subnet, host, range, dns, net("::", 0)}) {
            assertThat(TrafficSelectors.fromId(TrafficSelectors.toId(ts))).isEqualTo(ts);
        }
    }

    @Test
    void describedAsStrongSwanPrintsThem() {
        assertThat(TrafficSelectors.describe(net("2001:db8:1::", 64))).isEqualTo("2001:db8:1::/64");
        assertThat(TrafficSelectors.describe(net("::", 0))).isEqualTo("::/0");
        assertThat(TrafficSelectors.describe(TrafficSelectors.host(ip("2001:db8:0:0:1:0:0:1"))))
                .as("RFC 5952 4.2.3: the first of two equal runs").isEqualTo("2001:db8::1:0:0:1");
        assertThat(TrafficSelectors.describe(TrafficSelectors.host(ip("2001:db8:0:1:1:1:1:1"))))
                .as("RFC 5952 4.2.2: one zero group stays").isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(TrafficSelectors.describe(new TrafficSelector(ip("2001:db8::a"), ip("2001:db8::f"), 6, 443, 443)))
                .isEqualTo("2001:db8::a-2001:db8::f proto 6 port 443");
        assertThat(TrafficSelectors.describe(net("10.1.0.0", 24))).isEqualTo("10.1.0.0/24");
    }

    @Test
    void anIpv6PolicyNeverCoversAnIpv4IdNorTheOtherWayRound() {
        TrafficSelector v6 = net("::", 0);
        TrafficSelector v4 = net("0.0.0.0", 0);
        assertThat(TrafficSelectors.contains(v6, net("2001:db8:1::", 64))).isTrue();
        assertThat(TrafficSelectors.contains(v6, TrafficSelectors.host(ip("10.1.0.1")))).isFalse();
        assertThat(TrafficSelectors.contains(v4, net("2001:db8:1::", 64))).isFalse();
        assertThat(TrafficSelectors.contains(net("2001:db8:1::", 64), net("2001:db8:1::", 80)))
                .as("a part of our policy").isTrue();
        assertThat(TrafficSelectors.contains(net("2001:db8:1::", 64), net("2001:db8::", 48)))
                .as("wider than our policy").isFalse();
        assertThat(TrafficSelectors.contains(net("2001:db8:1::", 64), net("2001:db8:3::", 64))).isFalse();
    }

    @Test
    void malformedIpv6IdsAreInvalidIdInformation() {
        byte[] backwards = new byte[32];
        backwards[15] = 9;
        backwards[31] = 1;
        IdentificationPayload range = new IdentificationPayload(IdType.IPV6_ADDR_RANGE, 0, 0, Bytes.of(backwards));
        assertThatThrownBy(() -> TrafficSelectors.fromId(range)).isInstanceOfSatisfying(IkeException.class,
                e -> assertThat(e.notifyType()).isEqualTo(NotifyType.INVALID_ID_INFORMATION))
                .hasMessageContaining("runs backwards");
        byte[] holes = new byte[32];
        holes[16] = (byte) 0xff;
        holes[18] = (byte) 0xff;
        IdentificationPayload subnet = new IdentificationPayload(IdType.IPV6_ADDR_SUBNET, 0, 0, Bytes.of(holes));
        assertThatThrownBy(() -> TrafficSelectors.fromId(subnet)).isInstanceOfSatisfying(IkeException.class,
                e -> assertThat(e.notifyType()).isEqualTo(NotifyType.INVALID_ID_INFORMATION))
                .hasMessageContaining("not contiguous");
    }
}
