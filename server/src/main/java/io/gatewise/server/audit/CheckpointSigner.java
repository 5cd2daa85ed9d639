package io.gatewise.server.audit;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs pruning checkpoints with HMAC-SHA256 under a key derived from the master key
 * ({@code SecretBox.deriveKey("audit-checkpoint")}). Whoever can edit the database but
 * lacks the master key cannot forge a checkpoint to hide deleted rows. An HMAC rather
 * than the CA's signature: verifying needs the same secret, which the server and the
 * verify CLI (given the master key) have, and it needs no key rotation story of its own.
 *
 * <pre>
 *   signature = HMAC-SHA256(key, 0x01 | gateway_id (16) | through_seq (u64)
 *                                | through_event_id (u64) | chain_hash (32)
 *                                | pruned_rows (u64) | created_at (i64 µs))
 * </pre>
 */
public final class CheckpointSigner {
    public static final String KEY_PURPOSE = "audit-checkpoint";
    private final SecretKeySpec key;

    public CheckpointSigner(byte[] key) {
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    byte[] sign(AuditStore.Checkpoint c) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            UUID g = c.gatewayId();
            ByteBuffer b = ByteBuffer.allocate(1 + 16 + 8 + 8 + c.chainHash().length + 8 + 8);
            b.put((byte) 1).putLong(g.getMostSignificantBits()).putLong(g.getLeastSignificantBits())
                    .putLong(c.throughSeq()).putLong(c.throughEventId()).put(c.chainHash()).putLong(c.prunedRows())
                    .putLong(c.createdAt().getEpochSecond() * 1_000_000L + c.createdAt().getNano() / 1000);
            return mac.doFinal(b.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    boolean verify(AuditStore.Checkpoint c) {
        return MessageDigest.isEqual(sign(c), c.signature());
    }

    @Override
    public String toString() {
        return "CheckpointSigner[HMAC-SHA256]";
    }
}
