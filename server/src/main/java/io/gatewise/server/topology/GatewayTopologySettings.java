package io.gatewise.server.topology;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.gatewise.server.topology.compiler.Identity;

/**
 * What a topology needs to know of a gateway, set by an admin.
 *
 * @param subnets   protected subnets (CIDR)
 * @param tags      labels for tag-based membership
 * @param identity  IKE identity; null derives it from the public address
 * @param behindNat the gateway cannot be reached, it must initiate
 */
public record GatewayTopologySettings(List<String> subnets, Set<String> tags, Identity identity, boolean behindNat) {
    public GatewayTopologySettings {
        subnets = List.copyOf(subnets);
        tags = Set.copyOf(new TreeSet<>(tags));
    }
}
