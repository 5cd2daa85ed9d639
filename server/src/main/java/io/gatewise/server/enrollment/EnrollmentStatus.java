package io.gatewise.server.enrollment;

import java.time.Instant;

/**
 * A gateway's enrollment state for its page.
 *
 * @param enrolledAt         when the last successful enrollment happened, or null
 * @param hostname           host name the agent reported when enrolling
 * @param agentVersion       agent version at enrollment
 * @param pendingTokenExpiry expiry of an unused, unexpired token, or null
 */
public record EnrollmentStatus(Instant enrolledAt, String hostname, String agentVersion, Instant pendingTokenExpiry) {
    public boolean enrolled() {
        return enrolledAt != null;
    }
}
