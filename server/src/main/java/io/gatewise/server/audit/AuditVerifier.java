package io.gatewise.server.audit;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * Recomputes every gateway's hash chain from the stored rows and reports the first link
 * that does not hold:
 * <ul>
 * <li>a row whose content no longer gives its stored row_hash (edited row);
 * <li>a row whose prev_hash is not the previous row's row_hash (row deleted or replaced,
 *     hashes recomputed by the editor);
 * <li>a gap in chain_seq (row deleted);
 * <li>a chain end that is not the head the ingestor recorded (rows deleted at the end);
 * <li>a checkpoint whose signature is wrong (forged to cover deleted rows).
 * </ul>
 * Runs read-only in one pass per gateway, streaming rows, so it scales with the table.
 */
public final class AuditVerifier {
    private static final HexFormat HEX = HexFormat.of();
    private final AuditStore store;
    private final Optional<CheckpointSigner> signer;

    /** @param signer empty: checkpoint signatures are not checked (CLI without the master key) */
    public AuditVerifier(AuditStore store, Optional<CheckpointSigner> signer) {
        this.store = store;
        this.signer = signer;
    }

    public VerifyReport verifyAll() {
        int gateways = 0;
        long rows = 0;
        for (UUID g : store.chainedGateways()) {
            gateways++;
            Walk walk = verify(g);
            rows += walk.rows;
            if (walk.broken != null) {
                return new VerifyReport(gateways, rows, Optional.of(walk.broken));
            }
        }
        return new VerifyReport(gateways, rows, Optional.empty());
    }

    private static final class Walk {
        long rows;
        long expectedSeq;
        byte[] prev;
        VerifyReport.BrokenLink broken;
    }

    private Walk verify(UUID gateway) {
        Walk w = new Walk();
        Optional<AuditStore.Checkpoint> checkpoint = store.latestCheckpoint(gateway);
        if (checkpoint.isPresent()) {
            AuditStore.Checkpoint c = checkpoint.get();
            if (signer.isPresent() && !signer.get().verify(c)) {
                w.broken = new VerifyReport.BrokenLink(gateway, c.throughEventId(), c.throughSeq(),
                        "checkpoint through chain position " + c.throughSeq() + " has a wrong signature (forged or"
                                + " altered)");
                return w;
            }
            w.expectedSeq = c.throughSeq() + 1;
            w.prev = c.chainHash();
        } else {
            w.expectedSeq = 1;
            w.prev = HashChain.GENESIS;
        }
        store.forEachRow(gateway, r -> {
            if (w.broken != null) {
                return;
            }
            w.rows++;
            if (r.chainSeq() != w.expectedSeq) {
                w.broken = new VerifyReport.BrokenLink(gateway, r.eventId(), r.chainSeq(), "rows missing before event "
                        + r.eventId() + ": expected chain position " + w.expectedSeq + ", found " + r.chainSeq());
                return;
            }
            if (!MessageDigest.isEqual(r.prevHash(), w.prev)) {
                w.broken = new VerifyReport.BrokenLink(gateway, r.eventId(), r.chainSeq(), "event " + r.eventId()
                        + " does not follow the previous row: its prev_hash " + HEX.formatHex(r.prevHash())
                        + " differs from the previous row_hash " + HEX.formatHex(w.prev));
                return;
            }
            byte[] computed = HashChain.rowHash(w.prev, r);
            if (!MessageDigest.isEqual(computed, r.rowHash())) {
                w.broken = new VerifyReport.BrokenLink(gateway, r.eventId(), r.chainSeq(), "event " + r.eventId()
                        + " was altered: its content hashes to " + HEX.formatHex(computed) + " but the stored row_hash"
                        + " is " + HEX.formatHex(r.rowHash()));
                return;
            }
            w.prev = r.rowHash();
            w.expectedSeq++;
        });
        if (w.broken == null) {
            Optional<AuditStore.Head> head = store.head(gateway);
            long last = w.expectedSeq - 1;
            if (head.isPresent() && (head.get().lastSeq() != last
                    || !MessageDigest.isEqual(head.get().lastHash(), w.prev))) {
                w.broken = new VerifyReport.BrokenLink(gateway, head.get().lastEventId(), head.get().lastSeq(),
                        "the chain ends at position " + last + " but the recorded head is position "
                                + head.get().lastSeq() + " (event " + head.get().lastEventId() + "): rows at the end"
                                + " were deleted or the head was altered");
            }
        }
        return w;
    }
}
