package io.gatewise.server.topology.compiler;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A managed gateway as the topology sees it.
 *
 * @param name      unique, the node name in topologies and tunnel names
 * @param address   public IP address or DNS name of its IKE endpoint (a NAT's, when behind one)
 * @param behindNat true when the gateway sits behind NAT: it cannot be reached, it must initiate
 * @param subnets   protected subnets (CIDR), the traffic selectors of policy-based VPNs
 * @param identity  its IKE identity; null means derived from the address
 * @param tags      labels for tag-based membership
 */
public record GatewaySpec(String name, String address, boolean behindNat, List<String> subnets, Identity identity,
                          Set<String> tags) {
    public GatewaySpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        subnets = List.copyOf(subnets);
        tags = Set.copyOf(new TreeSet<>(tags));
    }

    /** The identity sent in IKE: the configured one, else derived from the address. */
    public Identity effectiveIdentity() {
        return identity != null ? identity : Identity.of(address);
    }
}
