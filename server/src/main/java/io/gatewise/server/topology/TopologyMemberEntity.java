package io.gatewise.server.topology;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A topology member ({@code topology_member}): one gateway (maybe a hub) or every gateway with a tag. */
@Entity
@Table(name = "topology_member")
class TopologyMemberEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "topology_id", nullable = false)
    private Long topologyId;

    @Column(name = "gateway_id")
    private UUID gatewayId;

    @Column(length = 63)
    private String tag;

    @Column(nullable = false)
    private boolean hub;

    @Column(name = "hub_order", nullable = false)
    private int hubOrder;

    protected TopologyMemberEntity() {
    }

    static TopologyMemberEntity gateway(long topologyId, UUID gatewayId, boolean hub, int hubOrder) {
        TopologyMemberEntity m = new TopologyMemberEntity();
        m.topologyId = topologyId;
        m.gatewayId = gatewayId;
        m.hub = hub;
        m.hubOrder = hubOrder;
        return m;
    }

    static TopologyMemberEntity tag(long topologyId, String tag) {
        TopologyMemberEntity m = new TopologyMemberEntity();
        m.topologyId = topologyId;
        m.tag = tag;
        return m;
    }

    Long getTopologyId() {
        return topologyId;
    }

    UUID getGatewayId() {
        return gatewayId;
    }

    String getTag() {
        return tag;
    }

    boolean isHub() {
        return hub;
    }

    int getHubOrder() {
        return hubOrder;
    }
}
