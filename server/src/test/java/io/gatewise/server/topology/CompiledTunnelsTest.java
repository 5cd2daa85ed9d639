package io.gatewise.server.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.gatewise.server.config.TunnelSpec;
import io.gatewise.server.system.Secret;
import io.gatewise.server.topology.compiler.CompiledTunnel;
import io.gatewise.server.topology.compiler.GatewaySpec;
import io.gatewise.server.topology.compiler.Identity;
import io.gatewise.server.topology.compiler.IkePolicy;
import io.gatewise.server.topology.compiler.IpsecPolicy;
import io.gatewise.server.topology.compiler.TopologySpec;

/** What of a compiled tunnel the desired-config store can carry, and what it refuses. */
class CompiledTunnelsTest {
    private static final GatewaySpec A = new GatewaySpec("a", "192.0.2.1", false, List.of("10.1.0.0/24"), null,
            Set.of());

    private static CompiledTunnel tunnel(int ikeLifetime, IkePolicy.Auth auth, Identity local) {
        return new CompiledTunnel("a--b", "mesh", "b", false, "192.0.2.2", local, Identity.of("192.0.2.2"),
                new CompiledTunnel.IkeSettings("p", IkePolicy.Mode.MAIN, List.of("aes256-sha256-ecp256"), ikeLifetime,
                        30, 150, IkePolicy.DpdAction.RESTART, true, false),
                new CompiledTunnel.IpsecSettings("p", IpsecPolicy.Protocol.ESP, List.of("aes256gcm16-ecp256"),
                        IpsecPolicy.Encapsulation.TUNNEL, 3_600, 0),
                List.of(new CompiledTunnel.ChildSa("c1", List.of("10.1.0.0/24"), List.of("10.2.0.0/24")),
                        new CompiledTunnel.ChildSa("c2", List.of("10.1.0.0/24"), List.of("10.3.0.0/24"))),
                auth, auth == IkePolicy.Auth.PSK ? Secret.of("k") : null, CompiledTunnel.StartAction.START, List.of(),
                TopologySpec.VpnType.POLICY_BASED);
    }

    @Test
    void aDefaultPolicyBasedPskTunnelMapsWithItsSelectorsAndKey() {
        CompiledTunnel t = tunnel(28_800, IkePolicy.Auth.PSK, Identity.of("192.0.2.1"));
        assertThat(CompiledTunnels.undeliverable(A, t)).isNull();
        TunnelSpec spec = CompiledTunnels.toTunnelSpec(t);
        assertThat(spec.name()).isEqualTo("a--b");
        assertThat(spec.localSubnets()).containsExactly("10.1.0.0/24");
        assertThat(spec.remoteSubnets()).containsExactly("10.2.0.0/24", "10.3.0.0/24");
        assertThat(spec.psk().reveal()).isEqualTo("k");
        assertThat(spec.espProposals()).containsExactly("aes256gcm16-ecp256");
    }

    @Test
    void settingsTheStoreCannotCarryAreRefusedByName() {
        assertThat(CompiledTunnels.undeliverable(A, tunnel(3_600, IkePolicy.Auth.PSK, Identity.of("192.0.2.1")))
                .message()).contains("a--b", "mesh", "lifetimes");
        assertThat(CompiledTunnels.undeliverable(A, tunnel(28_800, IkePolicy.Auth.CERTIFICATE,
                Identity.of("192.0.2.1"))).message()).contains("certificate");
        assertThat(CompiledTunnels.undeliverable(A, tunnel(28_800, IkePolicy.Auth.PSK, Identity.of("a.example.net")))
                .message()).contains("identities");
    }
}
