package io.gatewise.server.config;

import java.util.List;

import io.gatewise.server.system.Secret;

/**
 * One IPsec tunnel of a gateway's desired config, as the admin defined it: a site-to-site
 * peering authenticated with a pre-shared key, one child SA per pair of local and remote
 * subnets. Placeholder for the topology model of a later issue, which will compile into
 * the same shape.
 *
 * @param name          unique within the gateway, stable across versions
 * @param remoteAddress IP address or DNS name of the peer's IKE endpoint
 * @param localSubnets  our protected subnets (CIDR)
 * @param remoteSubnets the peer's protected subnets (CIDR)
 * @param psk           pre-shared key (plain text in memory; sealed at rest; redacted in toString)
 * @param ikeProposals  IKE (phase 1) proposals, strongSwan syntax, in order of preference
 * @param espProposals  ESP (phase 2) proposals, strongSwan syntax, in order of preference
 */
public record TunnelSpec(String name, String remoteAddress, List<String> localSubnets, List<String> remoteSubnets,
                         Secret psk, List<String> ikeProposals, List<String> espProposals) {
    public TunnelSpec {
        localSubnets = List.copyOf(localSubnets);
        remoteSubnets = List.copyOf(remoteSubnets);
        ikeProposals = List.copyOf(ikeProposals);
        espProposals = List.copyOf(espProposals);
    }
}
