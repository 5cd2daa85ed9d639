package io.gatewise.server.gateway;

import io.gatewise.server.enrollment.IssuedToken;

/** A new gateway and its first enrollment token (shown once). */
public record CreatedGateway(Gateway gateway, IssuedToken token) {
}
