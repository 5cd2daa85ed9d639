package io.gatewise.agent.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewise.agent.config.AgentConfig;
import io.gatewise.agent.config.TunnelConfig;
import io.gatewise.agent.control.StandaloneConfig;
import io.gatewise.agent.ike.config.ChildConfig;
import io.gatewise.agent.ike.config.DpdSettings;
import io.gatewise.agent.ike.config.Identity;
import io.gatewise.agent.ike.config.PeerConfig;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TunnelTranslatorTest {
    private static final Path EXAMPLES = Path.of(System.getProperty("user.dir")).getFileName().toString()
            .equals("agent") ? Path.of("examples") : Path.of("agent/examples");

    @TempDir
    Path tmp;

    @Test
    void theHarnessExampleBecomesOnePeerWithOneChild() throws Exception {
        AgentConfig c = StandaloneConfig.load(EXAMPLES.resolve("psk-main.json"));
        TunnelPlan plan = TunnelTranslator.translate(c.tunnels().get(0), InetAddress.getByName("192.0.2.2"));
        PeerConfig p = plan.peer();
        assertThat(p.name()).isEqualTo("psk-main");
        assertThat(p.remoteAddress().getHostAddress()).isEqualTo("192.0.2.1");
        assertThat(p.canInitiate()).isTrue();
        assertThat(p.localId()).isEqualTo(Identity.parse("192.0.2.2"));
        assertThat(p.remoteId()).isEqualTo(Identity.parse("192.0.2.1"));
        assertThat(p.proposals()).extracting(Object::toString)
                .containsExactly("AES-128/SHA1/MODP-2048", "AES-256/SHA2-256/MODP-2048");
        assertThat(p.lifetimeSeconds()).isEqualTo(15840);
        assertThat(p.forceEncapsulation()).isTrue();
        ChildConfig child = p.children().get(0);
        assertThat(child.name()).isEqualTo("net");
        assertThat(child.local().start().getHostAddress()).isEqualTo("10.2.0.0");
        assertThat(child.local().end().getHostAddress()).isEqualTo("10.2.0.255");
        assertThat(child.remote().start().getHostAddress()).isEqualTo("10.1.0.0");
        assertThat(child.lifetimeSeconds()).isEqualTo(3960);
        assertThat(child.replayWindow()).isEqualTo(1024);
        assertThat(child.proposals()).hasSize(2);
        assertThat(child.proposals().get(0).pfs()).isPresent();
        assertThat(plan.routes()).containsExactly("10.1.0.0/24");
        assertThat(plan.startAction()).isEqualTo(TunnelConfig.StartAction.RESPOND);
        assertThat(plan.traps()).isFalse();
    }

    @Test
    void multiSelectorChildrenSplitIntoOneQuickModePerPairAndRangesRouteAsPrefixes() throws Exception {
        AgentConfig c = load("""
                {"localAddress": "192.0.2.2", "tunnels": [{"name": "t", "remoteAddress": "192.0.2.1",
                  "ike": {"proposals": ["aes256-sha256-ecp256"]},
                  "ipsec": {"proposals": ["aes128gcm16-modp2048"]},
                  "children": [{"name": "net", "localSelectors": ["10.2.0.0/24"],
                    "remoteSelectors": ["10.1.0.0/24", "10.9.0.10-10.9.0.20"]}],
                  "auth": {"method": "AUTH_METHOD_PSK", "preSharedKey": "k"},
                  "startAction": "START_ACTION_START"}]}
                """);
        TunnelPlan plan = TunnelTranslator.translate(c.tunnels().get(0), InetAddress.getByName("192.0.2.2"));
        assertThat(plan.children()).extracting(ChildConfig::name).containsExactly("net#1", "net#2");
        assertThat(plan.children().get(1).remote().end().getHostAddress()).isEqualTo("10.9.0.20");
        assertThat(plan.routes()).containsExactly("10.1.0.0/24", "10.9.0.10/31", "10.9.0.12/30", "10.9.0.16/30",
                "10.9.0.20/32");
        assertThat(plan.traps()).isTrue();
    }

    @Test
    void ahAndTransportModeAreRefusedInPlainWords() throws Exception {
        AgentConfig c = load("""
                {"tunnels": [{"name": "t", "remoteAddress": "192.0.2.1",
                  "ike": {"mode": "IKE_MODE_AGGRESSIVE", "proposals": ["aes128-sha1-modp2048"]},
                  "ipsec": {"protocol": "IPSEC_PROTOCOL_AH", "proposals": ["sha256"],
                    "mode": "ENCAPSULATION_MODE_TRANSPORT"},
                  "children": [{"name": "net", "localSelectors": ["10.2.0.0/24"], "remoteSelectors": ["10.1.0.0/24"]}],
                  "auth": {"method": "AUTH_METHOD_PSK", "preSharedKey": "k"}}]}
                """);
        assertThatThrownBy(() -> TunnelTranslator.translate(c.tunnels().get(0), InetAddress.getByName("192.0.2.2")))
                .hasMessageContaining("tunnel t: AH is not negotiated by this agent's IKE engine; use ESP")
                .hasMessageContaining("tunnel t: transport mode is not wired into the running datapath")
                .hasMessageNotContaining("Aggressive");
    }

    @Test
    void aResponderForANetworkOfPeersAcceptsAnyIdentity() throws Exception {
        AgentConfig c = load("""
                {"tunnels": [{"name": "rw", "remoteAddress": "198.18.0.0/16",
                  "ike": {"proposals": ["aes128-sha1-modp2048"]}, "ipsec": {"proposals": ["aes128-sha1"]},
                  "children": [{"name": "net", "localSelectors": ["10.2.0.0/24"], "remoteSelectors": ["10.100.0.0/16"]}],
                  "auth": {"method": "AUTH_METHOD_PSK", "preSharedKey": "k"}}]}
                """);
        TunnelPlan plan = TunnelTranslator.translate(c.tunnels().get(0), InetAddress.getByName("192.0.2.2"));
        assertThat(plan.peer().remotePrefixLength()).isEqualTo(16);
        assertThat(plan.peer().remoteId().isAny()).isTrue();
        assertThat(plan.peer().matchesRemote(InetAddress.getByName("198.18.7.9"))).isTrue();
        assertThat(plan.traps()).isFalse();
    }

    private AgentConfig load(String json) throws Exception {
        Path f = tmp.resolve("c.json");
        Files.writeString(f, json);
        return StandaloneConfig.load(f);
    }

    @Test
    void everyExampleRunsInTheEngine() throws Exception {
        try (var files = Files.list(EXAMPLES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                AgentConfig c = StandaloneConfig.load(f);
                InetAddress local = InetAddress.getByName(c.localAddress().orElse("192.0.2.2"));
                // DNS names are resolved when the config is applied; example.net does not resolve here
                for (TunnelConfig t : c.tunnels().stream().filter(t -> !t.remoteAddress().endsWith(".example.net"))
                        .toList()) {
                    assertThat(TunnelTranslator.translate(t, local).children()).as("%s %s", f, t.name()).isNotEmpty();
                }
            }
        }
    }

    @Test
    void cidrCoverIsExact() {
        assertThat(Cidrs.cover(io.gatewise.agent.config.AddressRange.parse("10.0.0.0-10.0.1.255")))
                .isEqualTo(List.of("10.0.0.0/23"));
        assertThat(Cidrs.cover(io.gatewise.agent.config.AddressRange.parse("10.0.0.255-10.0.1.0")))
                .isEqualTo(List.of("10.0.0.255/32", "10.0.1.0/32"));
        assertThat(Cidrs.cover(io.gatewise.agent.config.AddressRange.parse("0.0.0.0-255.255.255.255")))
                .isEqualTo(List.of("0.0.0.0/0"));
    }

    @Test
    void dpdSettingsReachThePeerConfig() throws Exception {
        AgentConfig c = load("""
                {"localAddress": "192.0.2.2", "tunnels": [
                  {"name": "restart", "remoteAddress": "192.0.2.1",
                   "ike": {"proposals": ["aes128-sha1-modp2048"], "dpdDelaySeconds": 2, "dpdTimeoutSeconds": 6,
                           "dpdAction": "DPD_ACTION_RESTART"},
                   "ipsec": {"proposals": ["aes128-sha1-modp2048"]},
                   "children": [{"name": "net", "localSelectors": ["10.2.0.0/24"], "remoteSelectors": ["10.1.0.0/24"]}],
                   "auth": {"method": "AUTH_METHOD_PSK", "preSharedKey": "0123456789abcdef0123"}},
                  {"name": "hold", "remoteAddress": "192.0.2.3",
                   "ike": {"proposals": ["aes128-sha1-modp2048"], "dpdDelaySeconds": 30,
                           "dpdAction": "DPD_ACTION_HOLD"},
                   "ipsec": {"proposals": ["aes128-sha1-modp2048"]},
                   "children": [{"name": "net", "localSelectors": ["10.2.0.0/24"], "remoteSelectors": ["10.3.0.0/24"]}],
                   "auth": {"method": "AUTH_METHOD_PSK", "preSharedKey": "0123456789abcdef0123"}},
                  {"name": "off", "remoteAddress": "192.0.2.4",
                   "ike": {"proposals": ["aes128-sha1-modp2048"]},
                   "ipsec": {"proposals": ["aes128-sha1-modp2048"]},
                   "children": [{"name": "net", "localSelectors": ["10.2.0.0/24"], "remoteSelectors": ["10.4.0.0/24"]}],
                   "auth": {"method": "AUTH_METHOD_PSK", "preSharedKey": "0123456789abcdef0123"}}]}
                """);
        InetAddress local = InetAddress.getByName("192.0.2.2");
        assertThat(TunnelTranslator.translate(c.tunnels().get(0), local).peer().dpd())
                .isEqualTo(DpdSettings.of(2000, 6000, DpdSettings.Action.RESTART));
        assertThat(TunnelTranslator.translate(c.tunnels().get(1), local).peer().dpd())
                .as("timeout left at 0: the default")
                .isEqualTo(DpdSettings.of(30_000, 150_000, DpdSettings.Action.HOLD));
        assertThat(TunnelTranslator.translate(c.tunnels().get(2), local).peer().dpd()).isEqualTo(DpdSettings.OFF);
    }
}
