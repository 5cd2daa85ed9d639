package io.gatewise.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.gatewise.server.testsupport.AsAdmin;
import io.gatewise.server.testsupport.GatewiseIntegrationTest;

/** Ingestion into the real PostgreSQL: idempotency, the chain, tampering, pruning. */
@GatewiseIntegrationTest
class AuditIngestionTest {
    @Autowired
    AuditIngestor ingestor;
    @Autowired
    AuditService audit;
    @Autowired
    JdbcTemplate jdbc;

    static List<AuditEvent> events(UUID gateway, long from, long to) {
        List<AuditEvent> list = new ArrayList<>();
        for (long id = from; id <= to; id++) {
            list.add(new AuditEvent(gateway, id, Instant.now(), id % 2 == 0 ? "PHASE1_FAILED" : "CHILD_ESTABLISHED",
                    "branch-" + id, "", "192.0.2.7:500", "initiator", id % 2 == 0 ? "main_mode" : "quick_mode",
                    "0011223344556677", "8899aabbccddeeff", id % 2 == 0 ? "peer offered MODP-1024" : "",
                    id % 2 == 0 ? "{\"offered_proposals\":[\"aes128-sha1-modp1024\"]}" : "{}", 0));
        }
        return list;
    }

    private List<Long> storedIds(UUID gateway) {
        return jdbc.queryForList("SELECT event_id FROM sa_event WHERE gateway_id = ? ORDER BY chain_seq", Long.class,
                gateway);
    }

    @Test
    void theSameBatchTwiceIsStoredOnceWithContiguousIdsAndAcknowledgedBothTimes() {
        UUID gateway = UUID.randomUUID();
        List<Long> acks = new CopyOnWriteArrayList<>();
        ingestor.submit(gateway, events(gateway, 1, 50), acks::add);
        ingestor.submit(gateway, events(gateway, 1, 50), acks::add);
        ingestor.submit(gateway, events(gateway, 40, 60), acks::add); // overlapping resend
        await().atMost(Duration.ofSeconds(10)).until(() -> acks.size() == 3);

        assertThat(acks).containsExactly(50L, 50L, 60L);
        assertThat(storedIds(gateway)).containsExactlyElementsOf(LongStream.rangeClosed(1, 60).boxed().toList());
        assertThat(jdbc.queryForList("SELECT chain_seq FROM sa_event WHERE gateway_id = ? ORDER BY chain_seq",
                Long.class, gateway)).containsExactlyElementsOf(LongStream.rangeClosed(1, 60).boxed().toList());
        assertThat(AsAdmin.call(audit::verify).intact()).isTrue();

        List<AuditRow> failed = AsAdmin.call(() -> audit.find(new AuditFilter(java.util.Optional.of(gateway),
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.of("failed"), java.util.Optional.of("main_mode")), 100));
        assertThat(failed).hasSize(30).allSatisfy(r -> assertThat(r.reason()).isEqualTo("peer offered MODP-1024"));
    }

    @Test
    void aRowEditedDirectlyInPostgresIsNamedByVerify() {
        UUID gateway = UUID.randomUUID();
        List<Long> acks = new CopyOnWriteArrayList<>();
        ingestor.submit(gateway, events(gateway, 1, 20), acks::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> acks.size() == 1);
        assertThat(AsAdmin.call(audit::verify).intact()).isTrue();

        // The application cannot: the table is append-only.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.update(
                "UPDATE sa_event SET reason = 'nothing to see' WHERE gateway_id = ? AND event_id = 12", gateway))
                .hasMessageContaining("append-only");
        // A database owner can; the chain tells.
        String original = jdbc.queryForObject("SELECT reason FROM sa_event WHERE gateway_id = ? AND event_id = 12",
                String.class, gateway);
        try {
            tamper("UPDATE sa_event SET reason = 'nothing to see' WHERE gateway_id = ? AND event_id = 12", gateway);
            VerifyReport report = AsAdmin.call(audit::verify);
            assertThat(report.intact()).isFalse();
            VerifyReport.BrokenLink link = report.brokenLink().orElseThrow();
            assertThat(link.gatewayId()).isEqualTo(gateway);
            assertThat(link.eventId()).isEqualTo(12);
            assertThat(link.problem()).contains("event 12 was altered");
            System.out.println("verify after tampering: " + AuditVerifyMain.describe(report, true));
        } finally {
            tamper("UPDATE sa_event SET reason = ? WHERE gateway_id = ? AND event_id = 12", original, gateway);
        }
        assertThat(AsAdmin.call(audit::verify).intact()).isTrue();

        // A deleted row is named by the row after the gap.
        try {
            jdbc.update("DELETE FROM sa_event WHERE gateway_id = ? AND event_id = 7", gateway);
            VerifyReport report = AsAdmin.call(audit::verify);
            assertThat(report.brokenLink().orElseThrow().eventId()).isEqualTo(8);
            assertThat(report.brokenLink().orElseThrow().problem()).contains("rows missing before event 8");
        } finally {
            // leave the shared database verifiable for the other tests
            jdbc.update("DELETE FROM sa_event WHERE gateway_id = ?", gateway);
            jdbc.update("DELETE FROM audit_chain_head WHERE gateway_id = ?", gateway);
        }
        assertThat(AsAdmin.call(audit::verify).intact()).isTrue();
    }

    @Test
    void pruningLeavesASignedCheckpointAndTheRestStillVerifies() {
        UUID gateway = UUID.randomUUID();
        List<Long> acks = new CopyOnWriteArrayList<>();
        ingestor.submit(gateway, events(gateway, 1, 10), acks::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> acks.size() == 1);
        Instant cutoff = Instant.now().plusMillis(1);
        await().atMost(Duration.ofSeconds(2)).until(() -> Instant.now().isAfter(cutoff));
        ingestor.submit(gateway, events(gateway, 11, 15), acks::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> acks.size() == 2);

        long pruned = audit.pruneReceivedBefore(cutoff);
        assertThat(pruned).isGreaterThanOrEqualTo(10);
        assertThat(storedIds(gateway)).containsExactly(11L, 12L, 13L, 14L, 15L);
        assertThat(AsAdmin.call(audit::verify).intact()).isTrue();

        // A forged checkpoint (e.g. to hide more deleted rows) fails its signature.
        try {
            jdbc.update("UPDATE audit_checkpoint SET pruned_rows = pruned_rows + 1 WHERE gateway_id = ?", gateway);
            VerifyReport report = AsAdmin.call(audit::verify);
            assertThat(report.brokenLink().orElseThrow().problem()).contains("wrong signature");
        } finally {
            jdbc.update("UPDATE audit_checkpoint SET pruned_rows = pruned_rows - 1 WHERE gateway_id = ?", gateway);
        }
        assertThat(AsAdmin.call(audit::verify).intact()).isTrue();
    }

    /** What someone with the database owner's rights can do: switch the append-only trigger off. */
    private void tamper(String sql, Object... args) {
        jdbc.execute("ALTER TABLE sa_event DISABLE TRIGGER sa_event_append_only");
        try {
            jdbc.update(sql, args);
        } finally {
            jdbc.execute("ALTER TABLE sa_event ENABLE TRIGGER sa_event_append_only");
        }
    }
}
