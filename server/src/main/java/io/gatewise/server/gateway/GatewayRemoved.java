package io.gatewise.server.gateway;

import java.util.UUID;

/** Published when a gateway is deleted; its certificates are revoked already. */
public record GatewayRemoved(UUID gatewayId, String name) {
}
