package io.gatewise.server.topology.compiler;

import java.util.List;
import java.util.Objects;

import io.gatewise.server.system.Secret;

/**
 * One tunnel of a gateway's compiled config: an IKE peering and its child SAs, exactly
 * what the agent gets (the proto {@code Tunnel}, mapped in one place).
 *
 * @param name         "a--b" (the two endpoint names, sorted), the same on both ends
 * @param topology     the topology it comes from
 * @param peer         the peer's name (gateway or external peer)
 * @param psk          the link's pre-shared key; null with certificate authentication
 * @param routes       route-based VPNs: prefixes to route into the tunnel; else empty
 * @param notes        what the compiler left out of this tunnel and why, in plain words, for
 *                     the admin (e.g. an address family only one end protects); the same
 *                     text on both ends of a link. Not sent to the agent.
 */
public record CompiledTunnel(String name, String topology, String peer, boolean peerExternal, String remoteAddress,
                             Identity localIdentity, Identity remoteIdentity, IkeSettings ike, IpsecSettings ipsec,
                             List<ChildSa> children, IkePolicy.Auth auth, Secret psk, StartAction startAction,
                             List<String> routes, TopologySpec.VpnType vpnType, List<String> notes) {
    public enum StartAction { START, RESPOND, ON_TRAFFIC }

    /** Phase 1 settings; one instance is shared by every tunnel using the same policy. */
    public record IkeSettings(String policy, IkePolicy.Mode mode, List<String> proposals, int lifetimeSeconds,
                              int dpdDelaySeconds, int dpdTimeoutSeconds, IkePolicy.DpdAction dpdAction,
                              boolean natTraversal, boolean forceEncapsulation) {
        public IkeSettings {
            proposals = List.copyOf(proposals);
        }
    }

    /** Phase 2 settings. */
    public record IpsecSettings(String policy, IpsecPolicy.Protocol protocol, List<String> proposals,
                                IpsecPolicy.Encapsulation encapsulation, int lifetimeSeconds, long lifetimeKilobytes) {
        public IpsecSettings {
            proposals = List.copyOf(proposals);
        }
    }

    /** One child SA: IKEv1 Quick Mode negotiates one selector pair per SA (RFC 2409 section 5.5). */
    public record ChildSa(String name, List<String> localSelectors, List<String> remoteSelectors) {
        public ChildSa {
            localSelectors = List.copyOf(localSelectors);
            remoteSelectors = List.copyOf(remoteSelectors);
        }
    }

    public CompiledTunnel {
        Objects.requireNonNull(name, "name");
        children = List.copyOf(children);
        routes = List.copyOf(routes);
        notes = List.copyOf(notes);
    }

    /** A tunnel without notes. */
    public CompiledTunnel(String name, String topology, String peer, boolean peerExternal, String remoteAddress,
                          Identity localIdentity, Identity remoteIdentity, IkeSettings ike, IpsecSettings ipsec,
                          List<ChildSa> children, IkePolicy.Auth auth, Secret psk, StartAction startAction,
                          List<String> routes, TopologySpec.VpnType vpnType) {
        this(name, topology, peer, peerExternal, remoteAddress, localIdentity, remoteIdentity, ike, ipsec, children,
                auth, psk, startAction, routes, vpnType, List.of());
    }

    /**
     * Settings of this tunnel an operator should see a warning for, in plain words (empty
     * when none). Weak algorithms are flagged per policy by {@link TopologyValidator}.
     */
    public List<String> weaknesses() {
        List<String> out = new java.util.ArrayList<>(2);
        if (ike.mode() == IkePolicy.Mode.AGGRESSIVE) {
            out.add(auth == IkePolicy.Auth.PSK
                    ? "Aggressive Mode with a pre-shared key: identities are sent in clear and the PSK hash is "
                            + "exposed to offline guessing (RFC 2409 section 5.4)"
                    : "Aggressive Mode: identities are sent in clear");
        }
        if (ike.dpdDelaySeconds() == 0) {
            out.add("Dead Peer Detection is off: a dead peer is only noticed when its SAs expire");
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return "CompiledTunnel[" + name + " to " + peer + " (" + topology + ")]";
    }
}
