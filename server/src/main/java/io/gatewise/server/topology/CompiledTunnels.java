package io.gatewise.server.topology;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.gatewise.server.config.TunnelIdentity;
import io.gatewise.server.config.TunnelOptions;
import io.gatewise.server.config.TunnelSpec;
import io.gatewise.server.system.Secret;
import io.gatewise.server.topology.compiler.CompiledTunnel;
import io.gatewise.server.topology.compiler.GatewaySpec;
import io.gatewise.server.topology.compiler.Identity;
import io.gatewise.server.topology.compiler.IkePolicy;
import io.gatewise.server.topology.compiler.IpsecPolicy;
import io.gatewise.server.topology.compiler.Problem;
import io.gatewise.server.topology.compiler.TopologySpec;

/**
 * Compiled tunnels as the desired-config store keeps them ({@link TunnelSpec}), which the
 * control plane maps to the proto.
 *
 * <p>Everything the compiler decides is carried: Phase 1 mode, PSK or certificate
 * authentication, both identities, IKE and IPsec lifetimes (seconds, kilobytes), DPD
 * delay/timeout/action, NAT-T and forced encapsulation, the start action, the VPN type
 * and its routes. What the agent cannot run is refused by {@link #undeliverable} with the
 * reason, so the topology change fails rather than pushing a config every agent would
 * reject: AH and transport mode (the agent's Quick Mode negotiates ESP only, and its TUN
 * datapath carries tunnel-mode ESP in UDP 4500 only), and NAT traversal switched off (the
 * userspace datapath has no raw ESP socket, so it always encapsulates).
 */
public final class CompiledTunnels {
    private CompiledTunnels() {
    }

    public static TunnelSpec toTunnelSpec(CompiledTunnel t) {
        Set<String> local = new LinkedHashSet<>();
        Set<String> remote = new LinkedHashSet<>();
        for (CompiledTunnel.ChildSa c : t.children()) {
            local.addAll(c.localSelectors());
            remote.addAll(c.remoteSelectors());
        }
        CompiledTunnel.IkeSettings ike = t.ike();
        TunnelOptions options = new TunnelOptions(
                ike.mode() == IkePolicy.Mode.AGGRESSIVE ? TunnelOptions.IkeMode.AGGRESSIVE : TunnelOptions.IkeMode.MAIN,
                t.auth() == IkePolicy.Auth.CERTIFICATE ? TunnelOptions.AuthMethod.CERTIFICATE
                        : TunnelOptions.AuthMethod.PSK,
                identity(t.localIdentity()), identity(t.remoteIdentity()), ike.lifetimeSeconds(),
                t.ipsec().lifetimeSeconds(), t.ipsec().lifetimeKilobytes(), ike.dpdDelaySeconds(),
                ike.dpdTimeoutSeconds(), TunnelOptions.DpdAction.valueOf(ike.dpdAction().name()), ike.natTraversal(),
                ike.forceEncapsulation(), TunnelOptions.StartAction.valueOf(t.startAction().name()),
                t.vpnType() == TopologySpec.VpnType.ROUTE_BASED ? TunnelOptions.VpnType.ROUTE_BASED
                        : TunnelOptions.VpnType.POLICY_BASED,
                t.routes());
        return new TunnelSpec(t.name(), t.remoteAddress(), new ArrayList<>(local), new ArrayList<>(remote),
                t.psk() == null ? Secret.of("") : t.psk(), t.ike().proposals(), t.ipsec().proposals(), options);
    }

    static TunnelIdentity identity(Identity id) {
        return id == null ? null : new TunnelIdentity(TunnelIdentity.Type.valueOf(id.type().name()), id.value());
    }

    /** Why {@code t} of {@code gateway} cannot be delivered to its agent, or null. */
    static Problem undeliverable(GatewaySpec gateway, CompiledTunnel t) {
        List<String> missing = new ArrayList<>();
        if (t.auth() == IkePolicy.Auth.PSK && (t.psk() == null || t.psk().isEmpty())) {
            missing.add("a pre-shared key (none is stored for this link)");
        }
        if (t.ipsec().protocol() != IpsecPolicy.Protocol.ESP) {
            missing.add("AH (the agent negotiates ESP only; use ESP with an integrity-only or AEAD proposal)");
        }
        if (t.ipsec().encapsulation() != IpsecPolicy.Encapsulation.TUNNEL) {
            missing.add("transport mode (the agent's TUN datapath carries tunnel mode only)");
        }
        if (!t.ike().natTraversal()) {
            missing.add("NAT traversal off (the agent's userspace datapath always runs ESP in UDP 4500)");
        }
        if (missing.isEmpty()) {
            return null;
        }
        return new Problem(Problem.Rule.BAD_LINK, "Tunnel '" + t.name() + "' of topology '" + t.topology()
                + "' needs " + String.join(", ", missing) + ", which the Gatewise agent cannot run.",
                List.of(t.topology(), gateway.name(), t.peer()), true);
    }
}
