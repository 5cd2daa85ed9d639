package io.gatewise.server.audit;

import java.time.Instant;
import java.util.UUID;

/** A stored, chained audit row: what {@code sa_event} holds. Hashes are 32 bytes. */
public record AuditRow(UUID gatewayId, long eventId, long chainSeq, Instant receivedAt, Instant occurredAt,
        String kind, String outcome, String tunnel, String child, String peerEndpoint, String role, String stage,
        String initiatorCookie, String responderCookie, String reason, String detail, long droppedCount,
        byte[] prevHash, byte[] rowHash) {

    static AuditRow chain(AuditEvent e, long chainSeq, Instant receivedAt, byte[] prevHash) {
        AuditRow unhashed = new AuditRow(e.gatewayId(), e.eventId(), chainSeq, HashChain.micros(receivedAt),
                HashChain.micros(e.occurredAt()), e.kind(), e.outcome(), e.tunnel(), e.child(), e.peerEndpoint(),
                e.role(), e.stage(), e.initiatorCookie(), e.responderCookie(), e.reason(), e.detail(),
                e.droppedCount(), prevHash, null);
        return unhashed.withRowHash(HashChain.rowHash(prevHash, unhashed));
    }

    AuditRow withRowHash(byte[] hash) {
        return new AuditRow(gatewayId, eventId, chainSeq, receivedAt, occurredAt, kind, outcome, tunnel, child,
                peerEndpoint, role, stage, initiatorCookie, responderCookie, reason, detail, droppedCount, prevHash, hash);
    }
}
