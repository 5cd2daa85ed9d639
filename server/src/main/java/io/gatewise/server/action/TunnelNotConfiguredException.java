package io.gatewise.server.action;

import io.gatewise.server.system.api.NotFoundProblem;

/** An action for a tunnel that is not in the gateway's desired config. */
public class TunnelNotConfiguredException extends RuntimeException implements NotFoundProblem {
    public TunnelNotConfiguredException(String gatewayName, String tunnel) {
        super("gateway " + gatewayName + " has no tunnel named " + tunnel);
    }
}
