package io.gatewise.server.gateway;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Whether a gateway's agent is connected right now (its Connect stream is open). The
 * control plane implements it; the gateway pages only read it.
 */
public interface AgentPresence {
    /** When the open stream was established, or empty when the agent is offline. */
    Optional<Instant> connectedSince(UUID gatewayId);
}
