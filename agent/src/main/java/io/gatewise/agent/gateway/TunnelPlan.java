package io.gatewise.agent.gateway;

import io.gatewise.agent.config.TunnelConfig;
import io.gatewise.agent.ike.config.ChildConfig;
import io.gatewise.agent.ike.config.PeerConfig;
import java.util.List;
import java.util.Objects;

/**
 * What one configured tunnel becomes in the running agent.
 *
 * @param source the tunnel as configured (compared to tell whether it changed)
 * @param peer   the IKE engine's peer: one Quick Mode child per selector pair
 * @param routes CIDR prefixes routed while the tunnel exists: into the shared TUN device
 *               (policy-based) or into the tunnel's own interface ({@link #routeInterface()})
 * @param warnings risks of the configuration to log once when the tunnel is configured
 *                 (e.g. Aggressive Mode with a pre-shared key)
 */
public record TunnelPlan(TunnelConfig source, PeerConfig peer, List<String> routes, List<String> warnings) {
    public TunnelPlan {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(peer, "peer");
        routes = List.copyOf(routes);
        warnings = List.copyOf(warnings);
    }

    public TunnelPlan(TunnelConfig source, PeerConfig peer, List<String> routes) {
        this(source, peer, routes, List.of());
    }

    public String name() {
        return source.name();
    }

    public TunnelConfig.StartAction startAction() {
        return source.startAction();
    }

    /** Traffic for these children starts a negotiation (START keeps the tunnel up, ON_TRAFFIC waits). */
    public boolean traps() {
        return source.startAction() != TunnelConfig.StartAction.RESPOND && peer.canInitiate();
    }

    public List<ChildConfig> children() {
        return peer.children();
    }

    /** A route-based tunnel's own interface ({@link RouteInterface#forTunnel}); empty when policy-based. */
    public java.util.Optional<RouteInterface> routeInterface() {
        return source.vpnType() == TunnelConfig.VpnType.ROUTE_BASED
                ? java.util.Optional.of(RouteInterface.forTunnel(source.name())) : java.util.Optional.empty();
    }
}
