package io.gatewise.server.audit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The per-gateway hash chain over {@code sa_event} rows.
 *
 * <pre>
 *   row_hash(n) = SHA-256( prev_hash(n) || canonical(row n) ),  prev_hash(n) = row_hash(n-1)
 *   prev_hash(1) = 32 zero bytes (or a signed checkpoint's chain_hash after pruning)
 *
 *   canonical(row) = 0x01 (format)
 *                  | gateway_id (16 bytes) | event_id (u64) | chain_seq (u64)
 *                  | received_at, occurred_at (i64 microseconds since the epoch, UTC)
 *                  | kind | outcome | tunnel | child | peer_endpoint | role | stage
 *                  | initiator_cookie | responder_cookie | reason | detail
 *                    (each: u32 length, then UTF-8 bytes)
 *                  | dropped_count (u64)                         all big-endian
 * </pre>
 *
 * Every stored column but the hashes is covered, with lengths, so no two different rows
 * have the same canonical bytes. Timestamps are cut to microseconds, PostgreSQL's
 * {@code timestamptz} precision, so what is read back hashes the same.
 */
public final class HashChain {
    /** prev_hash of a chain's first row. */
    public static final byte[] GENESIS = new byte[32];
    private static final byte FORMAT = 1;

    private HashChain() {
    }

    static Instant micros(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }

    public static byte[] canonical(AuditRow r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + r.detail().length());
        ByteBuffer fixed = ByteBuffer.allocate(1 + 16 + 8 * 4);
        UUID g = r.gatewayId();
        fixed.put(FORMAT).putLong(g.getMostSignificantBits()).putLong(g.getLeastSignificantBits())
                .putLong(r.eventId()).putLong(r.chainSeq())
                .putLong(epochMicros(r.receivedAt())).putLong(epochMicros(r.occurredAt()));
        out.write(fixed.array(), 0, fixed.position());
        for (String s : new String[] {r.kind(), r.outcome(), r.tunnel(), r.child(), r.peerEndpoint(), r.role(),
                r.stage(), r.initiatorCookie(), r.responderCookie(), r.reason(), r.detail()}) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.write(ByteBuffer.allocate(4).putInt(b.length).array(), 0, 4);
            out.write(b, 0, b.length);
        }
        out.write(ByteBuffer.allocate(8).putLong(r.droppedCount()).array(), 0, 8);
        return out.toByteArray();
    }

    public static byte[] rowHash(byte[] prevHash, AuditRow row) {
        MessageDigest sha = sha256();
        sha.update(prevHash);
        sha.update(canonical(row));
        return sha.digest();
    }

    private static long epochMicros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
