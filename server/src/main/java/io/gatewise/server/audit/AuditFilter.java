package io.gatewise.server.audit;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What the audit page and {@code GET /api/v1/audit} filter by; empty means any.
 *
 * @param peer part of the peer endpoint or tunnel name, case-insensitive
 * @param from inclusive, by when it happened on the gateway
 * @param to exclusive
 * @param outcome "started", "established", "failed", "rekeyed", "deleted", "dpd-timeout", "dropped"
 * @param stage "main_mode", "quick_mode" ...
 */
public record AuditFilter(Optional<UUID> gatewayId, Optional<String> peer, Optional<Instant> from,
        Optional<Instant> to, Optional<String> outcome, Optional<String> stage) {

    public static AuditFilter any() {
        return new AuditFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }
}
