package io.gatewise.server.topology;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The policies one gateway uses on its tunnel to one peer ({@code link_override}); null keeps the topology's. */
@Entity
@Table(name = "link_override")
class LinkOverrideEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "topology_id", nullable = false)
    private Long topologyId;

    @Column(name = "gateway_id", nullable = false)
    private UUID gatewayId;

    @Column(name = "peer_gateway_id")
    private UUID peerGatewayId;

    @Column(name = "peer_external_peer_id")
    private Long peerExternalPeerId;

    @Column(name = "ike_policy_id")
    private Long ikePolicyId;

    @Column(name = "ipsec_policy_id")
    private Long ipsecPolicyId;

    protected LinkOverrideEntity() {
    }

    LinkOverrideEntity(long topologyId, UUID gatewayId, TopologyLinkEntity.Endpoint peer, Long ikePolicyId,
                       Long ipsecPolicyId) {
        this.topologyId = topologyId;
        this.gatewayId = gatewayId;
        this.peerGatewayId = peer.gatewayId();
        this.peerExternalPeerId = peer.externalPeerId();
        this.ikePolicyId = ikePolicyId;
        this.ipsecPolicyId = ipsecPolicyId;
    }

    Long getTopologyId() {
        return topologyId;
    }

    UUID getGatewayId() {
        return gatewayId;
    }

    TopologyLinkEntity.Endpoint peer() {
        return new TopologyLinkEntity.Endpoint(peerGatewayId, peerExternalPeerId);
    }

    Long getIkePolicyId() {
        return ikePolicyId;
    }

    Long getIpsecPolicyId() {
        return ipsecPolicyId;
    }
}
