package io.gatewise.agent.control.journal;

import static io.gatewise.agent.control.journal.JournalFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatewise.agent.control.journal.JournalFixtures.MutableClock;
import io.gatewise.proto.v1.SaEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventJournalConcurrencyTest {

    private static final JournalLimits LIMITS = new JournalLimits(64 << 20, 100_000, 1 << 20);

    @TempDir
    Path dir;

    @Test
    void concurrentAppendersGetUniqueContiguousIdsAndEveryEventIsKept() throws Exception {
        int threads = 8;
        int perThread = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (EventJournal journal = EventJournal.open(dir, LIMITS)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<long[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    long[] ids = new long[perThread];
                    for (int i = 0; i < perThread; i++) {
                        ids[i] = journal.append(tagged(thread, i));
                    }
                    return ids;
                }));
            }
            start.countDown();

            Map<Long, String> tagById = new HashMap<>();
            for (int t = 0; t < threads; t++) {
                long[] ids = results.get(t).get(1, TimeUnit.MINUTES);
                for (int i = 0; i < perThread; i++) {
                    assertThat(tagById.put(ids[i], t + "/" + i)).as("id %d twice", ids[i]).isNull();
                    if (i > 0) {
                        assertThat(ids[i]).isGreaterThan(ids[i - 1]);
                    }
                }
            }
            int total = threads * perThread;
            assertThat(tagById.keySet()).containsExactlyInAnyOrderElementsOf(
                    LongStream.rangeClosed(1, total).boxed().toList());

            List<SaEvent> queued = journal.peek(total + 1);
            assertThat(queued).hasSize(total);
            for (SaEvent e : queued) {
                assertThat(e.getTunnel() + "/" + e.getChild())
                        .isEqualTo(tagById.get(e.getEventId()));
            }
            JournalStats stats = journal.stats();
            assertThat(stats.groupCommits()).isBetween(1L, (long) total);
            System.out.printf("%d appends by %d threads took %d group commits%n", total, threads,
                    stats.groupCommits());
        } finally {
            pool.shutdownNow();
        }
        try (EventJournal journal = EventJournal.open(dir, LIMITS)) {
            assertThat(journal.peek(100_000)).hasSize(threads * perThread);
        }
    }

    @Test
    void appendersWaitingForACommitShareTheNextForce() throws Exception {
        int followers = 15;
        CountDownLatch leaderInForce = new CountDownLatch(1);
        CountDownLatch releaseLeader = new CountDownLatch(1);
        AtomicInteger forces = new AtomicInteger();
        ForceHook holdFirstForce = () -> {
            if (forces.getAndIncrement() == 0) {
                leaderInForce.countDown();
                try {
                    releaseLeader.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(followers + 1);
        try (EventJournal journal = EventJournal.open(dir, LIMITS, new MutableClock(),
                holdFirstForce)) {
            List<Future<Long>> appends = new ArrayList<>();
            appends.add(pool.submit(() -> journal.append(event(0))));
            assertThat(leaderInForce.await(1, TimeUnit.MINUTES)).isTrue();
            for (int i = 1; i <= followers; i++) {
                long n = i;
                appends.add(pool.submit(() -> journal.append(event(n))));
            }
            // Everyone is queued behind the leader's commit ...
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> journal.waitingAppenders() == followers + 1);
            releaseLeader.countDown();
            for (Future<Long> append : appends) {
                append.get(1, TimeUnit.MINUTES);
            }

            // ... so the leader's commit and one more made all sixteen durable.
            assertThat(journal.stats().groupCommits()).isEqualTo(2);
            assertThat(forces.get()).isEqualTo(2);
            assertThat(journal.peek(100)).hasSize(followers + 1);
        } finally {
            pool.shutdownNow();
        }
    }

    private static SaEvent tagged(int thread, int sequence) {
        return event(sequence).toBuilder()
                .setTunnel(Integer.toString(thread))
                .setChild(Integer.toString(sequence))
                .build();
    }
}
