package io.gatewise.server.action;

import io.gatewise.server.system.api.ConflictProblem;

/** An action for a gateway whose agent has no open stream: nothing can carry it. */
public class GatewayOfflineException extends RuntimeException implements ConflictProblem {
    public GatewayOfflineException(String gatewayName) {
        super("gateway " + gatewayName + " is offline: its agent has no open connection, so the action cannot be sent");
    }
}
