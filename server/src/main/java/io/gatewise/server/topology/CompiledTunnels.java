package io.gatewise.server.topology;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.gatewise.server.config.TunnelDefaults;
import io.gatewise.server.config.TunnelSpec;
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
 * <p>{@link TunnelSpec} is still the foundation's shape: PSK, Main Mode, ESP in tunnel
 * mode, policy-based selectors, identities derived from the addresses, default lifetimes
 * and DPD ({@link TunnelDefaults}), NAT-T on. A compiled tunnel that needs more than that
 * cannot be delivered faithfully yet, so {@link #undeliverable} names it and the service
 * refuses the change rather than pushing something the operator did not ask for. Only the
 * start action is dropped silently: the agent always initiates, where the compiler says a
 * gateway facing a peer behind NAT should only respond (harmless, its attempts fail).
 */
final class CompiledTunnels {
    private CompiledTunnels() {
    }

    static TunnelSpec toTunnelSpec(CompiledTunnel t) {
        Set<String> local = new LinkedHashSet<>();
        Set<String> remote = new LinkedHashSet<>();
        for (CompiledTunnel.ChildSa c : t.children()) {
            local.addAll(c.localSelectors());
            remote.addAll(c.remoteSelectors());
        }
        return new TunnelSpec(t.name(), t.remoteAddress(), new ArrayList<>(local), new ArrayList<>(remote), t.psk(),
                t.ike().proposals(), t.ipsec().proposals());
    }

    /** Why {@code t} of {@code gateway} cannot be delivered as a {@link TunnelSpec}, or null. */
    static Problem undeliverable(GatewaySpec gateway, CompiledTunnel t) {
        List<String> missing = new ArrayList<>();
        if (t.auth() != IkePolicy.Auth.PSK || t.psk() == null) {
            missing.add("certificate authentication");
        }
        if (t.vpnType() == TopologySpec.VpnType.ROUTE_BASED) {
            missing.add("route-based VPNs");
        }
        if (t.ike().mode() != IkePolicy.Mode.MAIN) {
            missing.add("Aggressive Mode");
        }
        if (t.ipsec().protocol() != IpsecPolicy.Protocol.ESP
                || t.ipsec().encapsulation() != IpsecPolicy.Encapsulation.TUNNEL) {
            missing.add("AH or transport mode");
        }
        if (!t.localIdentity().equals(Identity.of(gateway.address()))
                || !t.remoteIdentity().equals(Identity.of(t.remoteAddress()))) {
            missing.add("IKE identities other than the addresses");
        }
        CompiledTunnel.IkeSettings ike = t.ike();
        if (ike.lifetimeSeconds() != TunnelDefaults.IKE_LIFETIME_SECONDS
                || t.ipsec().lifetimeSeconds() != TunnelDefaults.IPSEC_LIFETIME_SECONDS
                || t.ipsec().lifetimeKilobytes() != 0) {
            missing.add("SA lifetimes other than " + TunnelDefaults.IKE_LIFETIME_SECONDS + " s (IKE) and "
                    + TunnelDefaults.IPSEC_LIFETIME_SECONDS + " s without a volume limit (IPsec)");
        }
        if (ike.dpdDelaySeconds() != TunnelDefaults.DPD_DELAY_SECONDS
                || ike.dpdTimeoutSeconds() != TunnelDefaults.DPD_TIMEOUT_SECONDS
                || ike.dpdAction() != IkePolicy.DpdAction.RESTART || !ike.natTraversal()) {
            missing.add("DPD other than " + TunnelDefaults.DPD_DELAY_SECONDS + "/" + TunnelDefaults.DPD_TIMEOUT_SECONDS
                    + " s with restart, or NAT-T off");
        }
        if (missing.isEmpty()) {
            return null;
        }
        return new Problem(Problem.Rule.BAD_LINK, "Tunnel '" + t.name() + "' of topology '" + t.topology()
                + "' needs " + String.join(", ", missing) + ", which config delivery does not support yet.",
                List.of(t.topology(), gateway.name(), t.peer()), true);
    }
}
