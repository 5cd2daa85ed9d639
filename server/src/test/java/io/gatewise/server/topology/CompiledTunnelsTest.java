package io.gatewise.server.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.gatewise.server.config.TunnelIdentity;
import io.gatewise.server.config.TunnelOptions;
import io.gatewise.server.config.TunnelSpec;
import io.gatewise.server.system.Secret;
import io.gatewise.server.topology.compiler.CompiledTunnel;
import io.gatewise.server.topology.compiler.GatewaySpec;
import io.gatewise.server.topology.compiler.Identity;
import io.gatewise.server.topology.compiler.IkePolicy;
import io.gatewise.server.topology.compiler.IpsecPolicy;
import io.gatewise.server.topology.compiler.TopologySpec;

/** Every setting of a compiled tunnel reaches the desired-config store; what the agent cannot run is refused. */
class CompiledTunnelsTest {
    private static final GatewaySpec A = new GatewaySpec("a", "192.0.2.1", false, List.of("10.1.0.0/24"), null,
            Set.of());

    private static CompiledTunnel tunnel(IkePolicy.Mode mode, IkePolicy.Auth auth, Identity local, Identity remote,
                                         IpsecPolicy.Protocol protocol, IpsecPolicy.Encapsulation encapsulation,
                                         boolean natt, CompiledTunnel.StartAction start, TopologySpec.VpnType vpn) {
        boolean routed = vpn == TopologySpec.VpnType.ROUTE_BASED;
        return new CompiledTunnel("a--b", "mesh", "b", false, "192.0.2.2", local, remote,
                new CompiledTunnel.IkeSettings("p", mode, List.of("aes256-sha256-ecp256"), 7_200,
                        20, 90, IkePolicy.DpdAction.HOLD, natt, true),
                new CompiledTunnel.IpsecSettings("p", protocol, List.of("aes256gcm16-ecp256"),
                        encapsulation, 1_200, 4_000_000L),
                routed ? List.of(new CompiledTunnel.ChildSa("0.0.0.0/0--0.0.0.0/0", List.of("0.0.0.0/0"),
                        List.of("0.0.0.0/0")))
                        : List.of(new CompiledTunnel.ChildSa("c1", List.of("10.1.0.0/24"), List.of("10.2.0.0/24")),
                        new CompiledTunnel.ChildSa("c2", List.of("10.1.0.0/24"), List.of("10.3.0.0/24"))),
                auth, auth == IkePolicy.Auth.PSK ? Secret.of("k") : null, start,
                routed ? List.of("10.2.0.0/24", "10.3.0.0/24") : List.of(), vpn);
    }

    private static CompiledTunnel plain() {
        return tunnel(IkePolicy.Mode.MAIN, IkePolicy.Auth.PSK, Identity.of("192.0.2.1"), Identity.of("192.0.2.2"),
                IpsecPolicy.Protocol.ESP, IpsecPolicy.Encapsulation.TUNNEL, true, CompiledTunnel.StartAction.START,
                TopologySpec.VpnType.POLICY_BASED);
    }

    @Test
    void aPolicyBasedPskTunnelMapsWithItsSelectorsKeyAndEverySetting() {
        CompiledTunnel t = plain();
        assertThat(CompiledTunnels.undeliverable(A, t)).isNull();
        TunnelSpec spec = CompiledTunnels.toTunnelSpec(t);
        assertThat(spec.name()).isEqualTo("a--b");
        assertThat(spec.localSubnets()).containsExactly("10.1.0.0/24");
        assertThat(spec.remoteSubnets()).containsExactly("10.2.0.0/24", "10.3.0.0/24");
        assertThat(spec.psk().reveal()).isEqualTo("k");
        assertThat(spec.espProposals()).containsExactly("aes256gcm16-ecp256");
        assertThat(spec.options()).isEqualTo(new TunnelOptions(TunnelOptions.IkeMode.MAIN,
                TunnelOptions.AuthMethod.PSK, new TunnelIdentity(TunnelIdentity.Type.IPV4_ADDR, "192.0.2.1"),
                new TunnelIdentity(TunnelIdentity.Type.IPV4_ADDR, "192.0.2.2"), 7_200, 1_200, 4_000_000L, 20, 90,
                TunnelOptions.DpdAction.HOLD, true, true, TunnelOptions.StartAction.START,
                TunnelOptions.VpnType.POLICY_BASED, List.of()));
        assertThat(spec.weaknesses()).isEmpty();
    }

    @Test
    void certificateAggressiveRouteBasedRespondingTunnelsAreDeliveredAsCompiled() {
        Identity dnA = new Identity(Identity.Type.DER_ASN1_DN, "CN=0f0e0d0c-0000-4000-8000-00000000000a");
        Identity fqdnB = Identity.of("b.example.net");
        CompiledTunnel t = tunnel(IkePolicy.Mode.AGGRESSIVE, IkePolicy.Auth.CERTIFICATE, dnA, fqdnB,
                IpsecPolicy.Protocol.ESP, IpsecPolicy.Encapsulation.TUNNEL, true, CompiledTunnel.StartAction.RESPOND,
                TopologySpec.VpnType.ROUTE_BASED);
        assertThat(CompiledTunnels.undeliverable(A, t)).isNull();
        TunnelSpec spec = CompiledTunnels.toTunnelSpec(t);
        TunnelOptions o = spec.options();
        assertThat(o.ikeMode()).isEqualTo(TunnelOptions.IkeMode.AGGRESSIVE);
        assertThat(o.auth()).isEqualTo(TunnelOptions.AuthMethod.CERTIFICATE);
        assertThat(spec.psk().isEmpty()).isTrue();
        assertThat(o.localIdentity()).isEqualTo(new TunnelIdentity(TunnelIdentity.Type.DER_ASN1_DN, dnA.value()));
        assertThat(o.remoteIdentity()).isEqualTo(new TunnelIdentity(TunnelIdentity.Type.FQDN, "b.example.net"));
        assertThat(o.startAction()).isEqualTo(TunnelOptions.StartAction.RESPOND);
        assertThat(o.vpnType()).isEqualTo(TunnelOptions.VpnType.ROUTE_BASED);
        assertThat(o.routes()).containsExactly("10.2.0.0/24", "10.3.0.0/24");
        assertThat(spec.localSubnets()).containsExactly("0.0.0.0/0");
        assertThat(spec.remoteSubnets()).containsExactly("0.0.0.0/0");
        assertThat(spec.weaknesses()).singleElement().asString().contains("Aggressive Mode", "in clear")
                .doesNotContain("PSK");
    }

    @Test
    void aggressiveModeWithAPskIsDeliveredButFlaggedOnBothTheCompiledAndTheStoredTunnel() {
        CompiledTunnel t = tunnel(IkePolicy.Mode.AGGRESSIVE, IkePolicy.Auth.PSK, Identity.of("a.example.net"),
                Identity.of("b.example.net"), IpsecPolicy.Protocol.ESP, IpsecPolicy.Encapsulation.TUNNEL, true,
                CompiledTunnel.StartAction.ON_TRAFFIC, TopologySpec.VpnType.POLICY_BASED);
        assertThat(CompiledTunnels.undeliverable(A, t)).isNull();
        assertThat(t.weaknesses()).singleElement().asString().contains("offline guessing");
        TunnelSpec spec = CompiledTunnels.toTunnelSpec(t);
        assertThat(spec.weaknesses()).singleElement().asString().contains("PSK hash", "offline guessing");
        assertThat(spec.options().startAction()).isEqualTo(TunnelOptions.StartAction.ON_TRAFFIC);
    }

    @Test
    void whatTheAgentCannotRunIsRefusedByName() {
        assertThat(CompiledTunnels.undeliverable(A, tunnel(IkePolicy.Mode.MAIN, IkePolicy.Auth.PSK,
                Identity.of("192.0.2.1"), Identity.of("192.0.2.2"), IpsecPolicy.Protocol.AH,
                IpsecPolicy.Encapsulation.TUNNEL, true, CompiledTunnel.StartAction.START,
                TopologySpec.VpnType.POLICY_BASED)).message()).contains("a--b", "mesh", "AH", "ESP only");
        assertThat(CompiledTunnels.undeliverable(A, tunnel(IkePolicy.Mode.MAIN, IkePolicy.Auth.PSK,
                Identity.of("192.0.2.1"), Identity.of("192.0.2.2"), IpsecPolicy.Protocol.ESP,
                IpsecPolicy.Encapsulation.TRANSPORT, true, CompiledTunnel.StartAction.START,
                TopologySpec.VpnType.POLICY_BASED)).message()).contains("transport mode")
                .doesNotContain("AH");
        assertThat(CompiledTunnels.undeliverable(A, tunnel(IkePolicy.Mode.MAIN, IkePolicy.Auth.PSK,
                Identity.of("192.0.2.1"), Identity.of("192.0.2.2"), IpsecPolicy.Protocol.ESP,
                IpsecPolicy.Encapsulation.TUNNEL, false, CompiledTunnel.StartAction.START,
                TopologySpec.VpnType.POLICY_BASED)).message()).contains("NAT traversal off");
    }
}
