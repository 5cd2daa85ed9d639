package io.gatewise.server.status;

import java.util.Optional;
import java.util.UUID;

/**
 * One configured tunnel as one gateway has it.
 *
 * @param peer the other end's gateway and tunnel name when it is a Gatewise gateway too;
 *             empty for an external peer (then only this end can report)
 */
public record TunnelEnd(UUID gatewayId, String tunnel, Optional<Peer> peer) {

    public record Peer(UUID gatewayId, String tunnel) {
    }

    public record Key(UUID gatewayId, String tunnel) {
    }

    public Key key() {
        return new Key(gatewayId, tunnel);
    }
}
