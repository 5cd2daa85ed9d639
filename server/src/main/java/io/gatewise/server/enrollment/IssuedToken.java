package io.gatewise.server.enrollment;

import java.time.Instant;
import java.util.UUID;

import io.gatewise.server.system.Secret;

/** A freshly created enrollment token: the only moment its plain text exists. */
public record IssuedToken(UUID gatewayId, Secret token, Instant expiresAt) {
}
