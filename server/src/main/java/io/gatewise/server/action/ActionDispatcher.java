package io.gatewise.server.action;

import java.util.UUID;

/**
 * The door to the agents' live Connect streams, implemented by the control plane (which
 * alone knows protobuf and the sessions).
 */
public interface ActionDispatcher {

    /**
     * Sends the action on the gateway's open stream.
     *
     * @return false when the gateway has no open stream (nothing was sent)
     */
    boolean dispatch(UUID gatewayId, long actionId, String tunnel, TunnelActionKind kind);
}
