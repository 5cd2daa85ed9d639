package io.gatewise.agent.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewise.agent.config.AddressRange;
import io.gatewise.agent.config.AgentConfig;
import io.gatewise.agent.control.StandaloneConfig;
import io.gatewise.agent.ike.config.ChildConfig;
import io.gatewise.agent.ike.v1.TrafficSelectors;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IPv6 selectors from the config to the IKE children and the TUN routes. */
class TunnelTranslatorIpv6Test {
    @TempDir
    Path tmp;

    @Test
    void aDualStackChildPairsSelectorsOfOneFamilyOnlyAndRoutesBoth() throws Exception {
        Path f = tmp.resolve("c.json");
        Files.writeString(f, """
                {"localAddress": "192.0.2.2", "tunnels": [{"name": "t", "remoteAddress": "192.0.2.1",
                  "ike": {"proposals": ["aes128-sha256-modp2048"]},
                  "ipsec": {"proposals": ["aes128gcm16-modp2048"]},
                  "children": [{"name": "dual", "localSelectors": ["10.2.0.0/24", "2001:db8:2::/64"],
                    "remoteSelectors": ["10.1.0.0/24", "2001:db8:1::/64", "2001:db8:9::10-2001:db8:9::14"]}],
                  "auth": {"method": "AUTH_METHOD_PSK", "preSharedKey": "k"},
                  "startAction": "START_ACTION_START"}]}
                """);
        AgentConfig c = StandaloneConfig.load(f);
        TunnelPlan plan = TunnelTranslator.translate(c.tunnels().get(0), InetAddress.getByName("192.0.2.2"));
        assertThat(plan.children()).extracting(ChildConfig::name).containsExactly("dual#1", "dual#2", "dual#3");
        assertThat(plan.children()).extracting(ch -> TrafficSelectors.describe(ch.local()) + " <-> "
                + TrafficSelectors.describe(ch.remote())).containsExactly(
                        "10.2.0.0/24 <-> 10.1.0.0/24",
                        "2001:db8:2::/64 <-> 2001:db8:1::/64",
                        "2001:db8:2::/64 <-> 2001:db8:9::10-2001:db8:9::14");
        assertThat(plan.routes()).containsExactly("10.1.0.0/24", "2001:db8:1::/64", "2001:db8:9::10/126",
                "2001:db8:9::14/128");
    }

    @Test
    void ipv6RoutesAreComparedInCanonicalTextSoConflictsAreFound() throws Exception {
        Path f = tmp.resolve("c.json");
        Files.writeString(f, """
                {"localAddress": "192.0.2.2", "tunnels": [
                 {"name": "rb", "remoteAddress": "192.0.2.1", "vpnType": "VPN_TYPE_ROUTE_BASED",
                  "routes": ["2001:DB8:9:0::/64"],
                  "ike": {"proposals": ["aes128-sha256-modp2048"]}, "ipsec": {"proposals": ["aes128gcm16"]},
                  "children": [{"name": "any", "localSelectors": ["::/0"], "remoteSelectors": ["::/0"]}],
                  "auth": {"method": "AUTH_METHOD_PSK", "preSharedKey": "k"}},
                 {"name": "pb", "remoteAddress": "192.0.2.3",
                  "ike": {"proposals": ["aes128-sha256-modp2048"]}, "ipsec": {"proposals": ["aes128gcm16"]},
                  "children": [{"name": "net", "localSelectors": ["2001:db8:2::/64"],
                    "remoteSelectors": ["2001:db8:9::/64"]}],
                  "auth": {"method": "AUTH_METHOD_PSK", "preSharedKey": "k"}}]}
                """);
        AgentConfig c = StandaloneConfig.load(f);
        assertThat(TunnelTranslator.routes(c.tunnels().get(0))).containsExactly("2001:db8:9::/64");
        assertThat(RouteConflicts.find(c.tunnels().stream().map(RouteConflicts.Routed::of).toList()))
                .singleElement().asString().contains("tunnels rb and pb both route 2001:db8:9::/64");
    }

    @Test
    void ipv6RangesRouteAsCompressedPrefixes() {
        assertThat(Cidrs.cover(AddressRange.parse("2001:db8::ff-2001:db8::101")))
                .isEqualTo(List.of("2001:db8::ff/128", "2001:db8::100/127"));
        assertThat(Cidrs.cover(AddressRange.parse("::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")))
                .isEqualTo(List.of("::/0"));
        assertThat(Cidrs.cover(AddressRange.parse("::ffff:10.0.0.0-::ffff:10.0.0.1")))
                .as("IPv4-mapped stays IPv6").isEqualTo(List.of("::ffff:a00:0/127"));
    }
}
