package io.gatewise.server.action;

import java.time.Instant;
import java.util.UUID;

/**
 * A tunnel action as the API and the pages show it.
 *
 * @param kind   the wire name: bring-up, rekey, reset, clear
 * @param detail the agent's answer in plain words (what it did, or why not); empty while sent
 */
public record TunnelActionView(long id, UUID gatewayId, String gatewayName, String tunnel, String kind,
        String kindLabel, TunnelActionStatus status, String requestedBy, Instant requestedAt, Instant completedAt,
        String detail) {

    static TunnelActionView of(TunnelActionRecord r, String gatewayName) {
        return new TunnelActionView(r.getId(), r.getGatewayId(), gatewayName, r.getTunnel(), r.getKind().wireName(),
                r.getKind().label(), r.getStatus(), r.getRequestedBy(), r.getRequestedAt(), r.getCompletedAt(),
                r.getDetail());
    }

    /** True once the agent answered (or the stream ended without an answer). */
    public boolean finished() {
        return status != TunnelActionStatus.SENT;
    }
}
