package io.gatewise.server.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reading, verifying and pruning the negotiation audit.
 *
 * <p>Retention ({@code gatewise.audit.retention}, e.g. {@code 365d}; unset keeps
 * everything): once an hour, per gateway, rows received before the cutoff are deleted
 * behind a signed checkpoint holding the row_hash of the last deleted row, so the rest of
 * the chain still verifies and nobody without the master key can hide a deletion.
 */
@Service
public class AuditService {
    private static final Logger log = LoggerFactory.getLogger(AuditService.class);
    public static final int MAX_ROWS = 10_000;

    private final AuditStore store;
    private final AuditVerifier verifier;
    private final CheckpointSigner signer;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Optional<Duration> retention;

    AuditService(AuditStore store, AuditVerifier verifier, CheckpointSigner signer, TransactionTemplate tx, Clock clock,
                 @Value("${gatewise.audit.retention:#{null}}") Duration retention) {
        this.store = store;
        this.verifier = verifier;
        this.signer = signer;
        this.tx = tx;
        this.clock = clock;
        this.retention = Optional.ofNullable(retention);
    }

    @PreAuthorize("hasAnyRole('ADMIN','AUDITOR','OPERATOR')")
    public List<AuditRow> find(AuditFilter filter, int limit) {
        return find(filter, limit, 0);
    }

    /** One page of matching rows, newest first: at most {@code limit} after skipping {@code offset}. */
    @PreAuthorize("hasAnyRole('ADMIN','AUDITOR','OPERATOR')")
    public List<AuditRow> find(AuditFilter filter, int limit, long offset) {
        return store.query(filter, Math.max(1, Math.min(limit, MAX_ROWS)), Math.max(0, offset));
    }

    @PreAuthorize("hasAnyRole('ADMIN','AUDITOR')")
    public VerifyReport verify() {
        VerifyReport report = verifier.verifyAll();
        if (report.intact()) {
            log.info("audit verify: {} chain(s), {} row(s) intact", report.gatewaysChecked(), report.rowsChecked());
        } else {
            log.warn("audit verify: BROKEN: gateway {}: {}", report.brokenLink().get().gatewayId(),
                    report.brokenLink().get().problem());
        }
        return report;
    }

    @Scheduled(fixedDelayString = "${gatewise.audit.prune-interval:1h}", initialDelayString = "1m")
    void pruneOnSchedule() {
        retention.ifPresent(r -> pruneReceivedBefore(clock.instant().minus(r)));
    }

    /** Deletes rows received before {@code cutoff}, gateway by gateway, each behind a checkpoint; returns rows deleted. */
    public long pruneReceivedBefore(Instant cutoff) {
        long total = 0;
        for (UUID gateway : store.chainedGateways()) {
            Long n = tx.execute(status -> {
                store.lockHead(gateway); // no ingestion into this chain meanwhile
                Optional<AuditRow> last = store.lastRowReceivedBefore(gateway, cutoff);
                if (last.isEmpty()) {
                    return 0L;
                }
                AuditRow r = last.get();
                int deleted = store.deleteThrough(gateway, r.chainSeq());
                AuditStore.Checkpoint unsigned = new AuditStore.Checkpoint(gateway, r.chainSeq(), r.eventId(),
                        r.rowHash(), deleted, HashChain.micros(clock.instant()), null);
                store.insertCheckpoint(new AuditStore.Checkpoint(gateway, r.chainSeq(), r.eventId(), r.rowHash(),
                        deleted, unsigned.createdAt(), signer.sign(unsigned)));
                return (long) deleted;
            });
            total += n == null ? 0 : n;
        }
        if (total > 0) {
            log.info("audit retention: pruned {} row(s) received before {} behind signed checkpoints", total, cutoff);
        }
        return total;
    }
}
