package io.gatewise.agent.gateway;

import io.gatewise.agent.config.ConfigRejectedException;

/**
 * The config was fine, but the tunnels cannot start on this machine: no root, no
 * {@code /dev/net/tun}, UDP 500 taken. The message is one line.
 */
public final class GatewayStartException extends ConfigRejectedException {
    private static final long serialVersionUID = 1L;

    public GatewayStartException(String reason) {
        super(reason);
    }
}
