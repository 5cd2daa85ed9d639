package io.gatewise.agent.control;

import java.nio.file.Path;

/**
 * What a successful enrollment produced.
 *
 * @param gatewayId               the gateway this agent now is
 * @param stateDir                where key, certificates and record were written
 * @param serverFingerprint       SHA-256 fingerprint of the server certificate seen
 * @param trustedOnFirstUse       true when no CA was pinned
 */
public record EnrollmentResult(String gatewayId, Path stateDir, String serverFingerprint, boolean trustedOnFirstUse) {
}
