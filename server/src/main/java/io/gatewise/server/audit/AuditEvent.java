package io.gatewise.server.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One negotiation or SA life-cycle event as an agent reported it (already bounded and
 * cleaned by the control plane), before it is chained and stored.
 *
 * @param kind e.g. "PHASE1_FAILED" (the proto enum name without EVENT_KIND_)
 * @param reason plain-words reason of a failure or deletion, else empty
 * @param detail JSON of what was negotiated / why it failed / what was deleted, "{}" when none
 */
public record AuditEvent(UUID gatewayId, long eventId, Instant occurredAt, String kind, String tunnel, String child,
        String peerEndpoint, String role, String stage, String initiatorCookie, String responderCookie, String reason,
        String detail, long droppedCount) {

    public AuditEvent {
        Objects.requireNonNull(gatewayId, "gatewayId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(tunnel, "tunnel");
        Objects.requireNonNull(child, "child");
        Objects.requireNonNull(peerEndpoint, "peerEndpoint");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(initiatorCookie, "initiatorCookie");
        Objects.requireNonNull(responderCookie, "responderCookie");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        if (eventId <= 0) {
            throw new IllegalArgumentException("event ids start at 1: " + eventId);
        }
    }

    /** "started", "established", "failed", "rekeyed", "deleted", "dpd-timeout", "dropped" or "other". */
    public String outcome() {
        if (kind.endsWith("_STARTED")) {
            return "started";
        } else if (kind.endsWith("_ESTABLISHED")) {
            return "established";
        } else if (kind.endsWith("_FAILED")) {
            return "failed";
        } else if (kind.endsWith("_REKEYED")) {
            return "rekeyed";
        } else if (kind.endsWith("_DELETED")) {
            return "deleted";
        } else if (kind.equals("DPD_TIMEOUT")) {
            return "dpd-timeout";
        } else if (kind.equals("EVENTS_DROPPED")) {
            return "dropped";
        }
        return "other";
    }
}
