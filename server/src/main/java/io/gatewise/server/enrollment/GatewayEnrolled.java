package io.gatewise.server.enrollment;

import java.util.UUID;

/** Published when an agent enrolled; older agent certificates of the gateway were revoked. */
public record GatewayEnrolled(UUID gatewayId, String certificateSerial) {
}
