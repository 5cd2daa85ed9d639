package io.gatewise.agent.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One IKE peering with one remote gateway, and its child SAs.
 *
 * @param name           unique within the gateway and stable across versions: the agent
 *                       uses it to tell which tunnels changed
 * @param remoteAddress  IP address or DNS name of the peer's IKE endpoint
 * @param localIdentity  our IKE identity; empty means our IKE address
 * @param remoteIdentity the identity we expect from the peer; empty means its IKE address
 * @param ike            Phase 1 settings
 * @param ipsec          Phase 2 settings
 * @param children       the child SAs
 * @param auth           how the tunnel authenticates
 * @param startAction    who starts negotiating
 * @param routes         route-based tunnels: CIDR prefixes routed into the tunnel interface
 * @param vpnType        policy- or route-based
 */
public record TunnelConfig(String name, String remoteAddress, Optional<Identity> localIdentity,
                           Optional<Identity> remoteIdentity, IkeSettings ike, IpsecSettings ipsec,
                           List<ChildConfig> children, Authentication auth, StartAction startAction,
                           List<String> routes, VpnType vpnType) {

    /** Who starts the negotiation. */
    public enum StartAction {
        /** Negotiate as soon as the config is applied and keep the tunnel up. */
        START,
        /** Only respond to the peer. */
        RESPOND,
        /** Negotiate when traffic for the tunnel appears. */
        ON_TRAFFIC
    }

    /** The VPN style. */
    public enum VpnType {
        /** The traffic selectors are the protected subnets. */
        POLICY_BASED,
        /** Selectors are 0.0.0.0/0; whatever is routed into the tunnel interface goes through. */
        ROUTE_BASED
    }

    public TunnelConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Objects.requireNonNull(localIdentity, "localIdentity");
        Objects.requireNonNull(remoteIdentity, "remoteIdentity");
        Objects.requireNonNull(ike, "ike");
        Objects.requireNonNull(ipsec, "ipsec");
        children = List.copyOf(children);
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(startAction, "startAction");
        routes = List.copyOf(routes);
        Objects.requireNonNull(vpnType, "vpnType");
    }
}
