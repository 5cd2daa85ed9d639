package io.gatewise.server.topology;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import io.gatewise.server.gateway.GatewayRemoved;

/**
 * A deleted gateway leaves its topologies (its member, link and override rows go by
 * cascade); once that commits, the topologies are recompiled so its peers drop their
 * tunnels to it and its link keys are deleted.
 */
@Component
class GatewayRemovalListener {
    private final TopologyService topology;

    GatewayRemovalListener(TopologyService topology) {
        this.topology = topology;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onGatewayRemoved(GatewayRemoved removed) {
        topology.recompile("gateway " + removed.name() + " removed");
    }
}
