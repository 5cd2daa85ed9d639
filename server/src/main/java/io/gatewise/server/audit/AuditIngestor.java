package io.gatewise.server.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Stores agents' events, batched, off the gRPC threads.
 *
 * <pre>
 *  Connect stream ──submit(gateway, events, ack)──► queue (returns at once)
 *  ingest thread: take + drain everything queued ──► one transaction:
 *      per gateway: lock chain head ─► drop ids already stored ─► chain the rest
 *                   ─► INSERT ... ON CONFLICT DO NOTHING (JDBC batch) ─► move head
 *  after commit ──► ack(up_to_event_id) for each submission ──► EventAck on its stream
 * </pre>
 *
 * <p>Idempotent by (gateway_id, event_id): a batch sent twice (agent reconnected before
 * our ack arrived) is stored once and acknowledged again. Draining everything that queued
 * while the previous transaction ran makes batches grow with the load, so a burst costs
 * few commits. One writer thread: chains are extended in submission order, and the head
 * row lock ({@code FOR UPDATE}) keeps that true with several server instances.
 */
@Component
public class AuditIngestor implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(AuditIngestor.class);
    /** Events per transaction at most; more wait for the next one. */
    static final int MAX_EVENTS_PER_TRANSACTION = 20_000;

    private record Submission(UUID gatewayId, List<AuditEvent> events, LongConsumer ack, Runnable failed,
                              long receivedNanos) {
    }

    private final AuditStore store;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final LinkedBlockingQueue<Submission> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private final Counter ingested;
    private final Counter duplicates;
    private final Timer lag;
    private final Timer commit;
    private final MeterRegistry meters;
    private volatile boolean running = true;

    public AuditIngestor(AuditStore store, TransactionTemplate tx, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.tx = tx;
        this.clock = clock;
        this.meters = meters;
        this.ingested = Counter.builder("gatewise.audit.events.ingested").description("SA events stored")
                .register(meters);
        this.duplicates = Counter.builder("gatewise.audit.events.duplicate")
                .description("SA events received again and ignored (already stored)").register(meters);
        this.lag = Timer.builder("gatewise.audit.ingestion.lag")
                .description("From the event on the gateway to its commit here").publishPercentiles(0.5, 0.99)
                .register(meters);
        this.commit = Timer.builder("gatewise.audit.ingestion.commit").description("One ingestion transaction")
                .register(meters);
        Gauge.builder("gatewise.audit.ingestion.queued", queue, q -> q.stream().mapToInt(s -> s.events.size()).sum())
                .description("Events received and not yet stored").register(meters);
        this.worker = new Thread(this::run, "gatewise-audit-ingest");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /**
     * Queues events of one gateway, oldest first; returns at once. {@code ack} is called
     * on the ingest thread with the highest event id of this submission once all of them
     * are committed (or were stored before). When storing fails, {@code failed} is called
     * instead: the caller ends the agent's stream, so that the agent, which still has the
     * events, sends them again on its next stream.
     */
    public void submit(UUID gatewayId, List<AuditEvent> events, LongConsumer ack, Runnable failed) {
        if (events.isEmpty()) {
            return;
        }
        queue.add(new Submission(gatewayId, List.copyOf(events), ack, failed, System.nanoTime()));
    }

    /** As the four-argument submit, with nothing to do on failure (tests, tools). */
    public void submit(UUID gatewayId, List<AuditEvent> events, LongConsumer ack) {
        submit(gatewayId, events, ack, () -> { });
    }

    private void run() {
        List<Submission> work = new ArrayList<>();
        while (running) {
            try {
                Submission first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                work.add(first);
                int events = first.events.size();
                Submission next;
                while (events < MAX_EVENTS_PER_TRANSACTION && (next = queue.poll()) != null) {
                    work.add(next);
                    events += next.events.size();
                }
                store(work);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // Not acknowledged: their streams end, and the agents send them again.
                log.error("storing {} event batch(es) failed; their agents are asked to reconnect and resend: {}",
                        work.size(), e.toString());
                for (Submission s : work) {
                    try {
                        s.failed.run();
                    } catch (RuntimeException again) {
                        log.debug("failure callback: {}", again.toString());
                    }
                }
            } finally {
                work.clear();
            }
        }
    }

    private void store(List<Submission> work) {
        Instant receivedAt = clock.instant();
        Map<UUID, List<AuditEvent>> byGateway = new LinkedHashMap<>();
        for (Submission s : work) {
            byGateway.computeIfAbsent(s.gatewayId, g -> new ArrayList<>()).addAll(s.events);
        }
        long started = System.nanoTime();
        List<AuditRow> stored = tx.execute(status -> {
            List<AuditRow> rows = new ArrayList<>();
            byGateway.forEach((gateway, events) -> rows.addAll(chain(gateway, events, receivedAt)));
            store.insert(rows);
            return rows;
        });
        commit.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        Instant committed = clock.instant();
        Map<List<String>, Integer> byOutcomeAndStage = new java.util.HashMap<>();
        for (AuditRow r : stored) {
            lag.record(Duration.between(r.occurredAt(), committed).abs());
            byOutcomeAndStage.merge(List.of(r.outcome(), metricStage(r.stage())), 1, Integer::sum);
        }
        byOutcomeAndStage.forEach((tags, n) -> Counter.builder("gatewise.negotiations").tag("outcome", tags.get(0))
                .tag("stage", tags.get(1)).description("Negotiation events by outcome and stage").register(meters)
                .increment(n));
        ingested.increment(stored.size());
        for (Submission s : work) {
            long upTo = s.events.get(s.events.size() - 1).eventId();
            try {
                s.ack.accept(upTo);
            } catch (RuntimeException e) {
                log.debug("ack to gateway {} failed: {}", s.gatewayId, e.toString());
            }
        }
    }

    /** Holds the gateway's head lock: drops stored ids and duplicates, chains the rest. */
    private List<AuditRow> chain(UUID gateway, List<AuditEvent> events, Instant receivedAt) {
        AuditStore.Head head = store.lockHead(gateway);
        Set<Long> existing = store.existingIds(gateway, events.stream().map(AuditEvent::eventId).toList());
        List<AuditRow> rows = new ArrayList<>(events.size());
        long seq = head.lastSeq();
        long lastEventId = head.lastEventId();
        byte[] prev = head.lastHash();
        for (AuditEvent e : events) {
            if (!existing.add(e.eventId())) {
                duplicates.increment();
                continue;
            }
            AuditRow row = AuditRow.chain(e, ++seq, receivedAt, prev);
            rows.add(row);
            prev = row.rowHash();
            lastEventId = Math.max(lastEventId, e.eventId());
        }
        if (!rows.isEmpty()) {
            store.updateHead(gateway, new AuditStore.Head(seq, lastEventId, prev));
        }
        return rows;
    }

    /** Agent-supplied stage names, bounded to the known ones for metric tags. */
    private static String metricStage(String stage) {
        return switch (stage) {
            case "main_mode", "aggressive_mode", "quick_mode", "informational", "dpd", "phase1_auth" -> stage;
            case "" -> "none";
            default -> "other";
        };
    }

    @Override
    public void destroy() throws InterruptedException {
        running = false;
        worker.join(5000);
    }
}
