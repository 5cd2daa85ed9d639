package io.gatewise.server.topology.compiler;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One topology: who is linked to whom, with which policies.
 *
 * <ul>
 *   <li>{@link Kind#HUB_AND_SPOKE}: every spoke has a tunnel to every hub; hubs form a
 *       mesh among themselves. {@link SpokeToSpoke} says whether spokes reach each other
 *       through the first hub (its tunnels carry the other spokes' subnets), directly
 *       (a mesh among spokes) or not at all.</li>
 *   <li>{@link Kind#FULL_MESH}: a tunnel between every two members.</li>
 *   <li>{@link Kind#EXPLICIT}: exactly the listed links; an endpoint may be an external peer.</li>
 * </ul>
 *
 * @param memberGateways explicit members (gateway names)
 * @param memberTags     gateways carrying any of these tags are members too
 * @param hubs           hub gateway names (hub-and-spoke), in order; the first carries spoke-to-spoke traffic
 * @param links          the links of an explicit topology
 * @param overrides      per-side policy overrides
 */
public record TopologySpec(String name, Kind kind, VpnType vpnType, Set<String> memberGateways,
                           Set<String> memberTags, List<String> hubs, SpokeToSpoke spokeToSpoke,
                           List<Link> links, String ikePolicy, String ipsecPolicy, List<LinkOverride> overrides) {
    public enum Kind { HUB_AND_SPOKE, FULL_MESH, EXPLICIT }

    /** Policy-based: selectors are the subnets. Route-based: 0/0 selectors plus routes. */
    public enum VpnType { POLICY_BASED, ROUTE_BASED }

    public enum SpokeToSpoke { NONE, VIA_HUB, DIRECT }

    /** An explicit link between two endpoints (gateway or external peer names). */
    public record Link(String a, String b) {
        public Link {
            Objects.requireNonNull(a, "a");
            Objects.requireNonNull(b, "b");
        }
    }

    /**
     * The policies {@code gateway} uses on its tunnel to {@code peer}, instead of the
     * topology's (null keeps the topology's).
     */
    public record LinkOverride(String gateway, String peer, String ikePolicy, String ipsecPolicy) {
        public LinkOverride {
            Objects.requireNonNull(gateway, "gateway");
            Objects.requireNonNull(peer, "peer");
        }
    }

    public TopologySpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(vpnType, "vpnType");
        Objects.requireNonNull(spokeToSpoke, "spokeToSpoke");
        Objects.requireNonNull(ikePolicy, "ikePolicy");
        Objects.requireNonNull(ipsecPolicy, "ipsecPolicy");
        memberGateways = Set.copyOf(new TreeSet<>(memberGateways));
        memberTags = Set.copyOf(new TreeSet<>(memberTags));
        hubs = List.copyOf(hubs);
        links = List.copyOf(links);
        overrides = List.copyOf(overrides);
    }

    /** This topology with the same settings but no members, hubs or links: what "settings unchanged" compares. */
    TopologySpec settingsOnly() {
        return new TopologySpec(name, kind, vpnType, Set.of(), Set.of(), List.of(), spokeToSpoke, List.of(),
                ikePolicy, ipsecPolicy, overrides);
    }
}
