package io.gatewise.server.topology;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An explicit link ({@code topology_link}); each end is a gateway or an external peer. */
@Entity
@Table(name = "topology_link")
class TopologyLinkEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "topology_id", nullable = false)
    private Long topologyId;

    @Column(name = "a_gateway_id")
    private UUID aGatewayId;

    @Column(name = "a_external_peer_id")
    private Long aExternalPeerId;

    @Column(name = "b_gateway_id")
    private UUID bGatewayId;

    @Column(name = "b_external_peer_id")
    private Long bExternalPeerId;

    protected TopologyLinkEntity() {
    }

    TopologyLinkEntity(long topologyId, Endpoint a, Endpoint b) {
        this.topologyId = topologyId;
        this.aGatewayId = a.gatewayId();
        this.aExternalPeerId = a.externalPeerId();
        this.bGatewayId = b.gatewayId();
        this.bExternalPeerId = b.externalPeerId();
    }

    Long getTopologyId() {
        return topologyId;
    }

    Endpoint a() {
        return new Endpoint(aGatewayId, aExternalPeerId);
    }

    Endpoint b() {
        return new Endpoint(bGatewayId, bExternalPeerId);
    }

    /** Exactly one of the two is set. */
    record Endpoint(UUID gatewayId, Long externalPeerId) {
    }
}
