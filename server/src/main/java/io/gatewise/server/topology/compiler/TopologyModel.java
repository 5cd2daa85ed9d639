package io.gatewise.server.topology.compiler;

import java.util.List;
import java.util.Objects;

/**
 * Everything the compiler reads. Pre-shared keys are data here (the caller generates
 * and stores them); the compiler never makes up a secret.
 *
 * @param psks pre-shared key per link; every PSK-authenticated link needs one
 *             ({@link TopologyCompiler#linksNeedingPsk})
 */
public record TopologyModel(List<GatewaySpec> gateways, List<IkePolicy> ikePolicies, List<IpsecPolicy> ipsecPolicies,
                            List<ExternalPeer> externalPeers, List<TopologySpec> topologies, PskTable psks) {
    public TopologyModel {
        gateways = List.copyOf(gateways);
        ikePolicies = List.copyOf(ikePolicies);
        ipsecPolicies = List.copyOf(ipsecPolicies);
        externalPeers = List.copyOf(externalPeers);
        topologies = List.copyOf(topologies);
        Objects.requireNonNull(psks, "psks");
    }

    @Override
    public String toString() {
        return "TopologyModel[" + gateways.size() + " gateways, " + topologies.size() + " topologies]";
    }
}
