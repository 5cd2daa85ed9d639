package io.gatewise.server.topology.compiler;

import java.util.List;
import java.util.Objects;

/**
 * A peer Gatewise does not manage (a partner's strongSwan or Cisco box): what the admin
 * knows of its configuration. Only the Gatewise side of its tunnels is compiled; these
 * values let the pre-flight check predict what the peer will accept.
 *
 * @param identity          the identity it sends
 * @param subnets           its protected subnets
 * @param ikeProposals      the IKE proposals it offers and accepts
 * @param ipsecProtocol     ESP or AH
 * @param ipsecProposals    its phase 2 proposals
 * @param expectsIdentity   the identity it expects from us; null: it accepts the one we send
 * @param expectsSubnets    what it has configured as our subnets; empty: mirrors ours
 */
public record ExternalPeer(String name, String address, Identity identity, List<String> subnets,
                           IkePolicy.Mode mode, IkePolicy.Auth auth, List<String> ikeProposals,
                           IpsecPolicy.Protocol ipsecProtocol, List<String> ipsecProposals,
                           Identity expectsIdentity, List<String> expectsSubnets, boolean weakAcknowledged) {
    public ExternalPeer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(ipsecProtocol, "ipsecProtocol");
        subnets = List.copyOf(subnets);
        ikeProposals = List.copyOf(ikeProposals);
        ipsecProposals = List.copyOf(ipsecProposals);
        expectsSubnets = List.copyOf(expectsSubnets);
    }

    public Identity effectiveIdentity() {
        return identity != null ? identity : Identity.of(address);
    }
}
