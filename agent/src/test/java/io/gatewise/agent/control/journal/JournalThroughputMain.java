package io.gatewise.agent.control.journal;

import io.gatewise.proto.v1.SaEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark, not a test: durable appends per second under 1, 4 and 16 appending threads
 * (each append returns only once its event is forced to disk), one thread appending ten
 * events per call, and the send/ack path. Latencies are per call.
 *
 * <pre>
 * mvn -o -q -B -pl agent -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -cp agent/target/test-classes:agent/target/classes:$(cat agent/target/test-classpath.txt) \
 *     io.gatewise.agent.control.journal.JournalThroughputMain [seconds-per-run] [work-dir]
 * </pre>
 *
 * <p>Files go under {@code agent/target/journal-bench} by default and are deleted after each
 * run. Typical events are ~190 bytes on disk (a Phase 1 failure with reason and proposals).
 */
public final class JournalThroughputMain {

    private static final int[] THREADS = {1, 4, 16};
    private static final int ACK_PATH_EVENTS = 100_000;
    private static final int BATCH = 500;

    private JournalThroughputMain() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        Path root = Path.of(args.length > 1 ? args[1] : "agent/target/journal-bench");
        Files.createDirectories(root);
        System.out.printf("event journal throughput, %.1f s per run, files in %s, %d CPUs%n",
                seconds, root.toAbsolutePath(), Runtime.getRuntime().availableProcessors());

        appendRun(root.resolve("warmup"), 2, 1, seconds / 2, false);
        for (int threads : THREADS) {
            appendRun(root.resolve("append-" + threads), threads, 1, seconds, true);
        }
        appendRun(root.resolve("append-all"), 1, 10, seconds, true);
        ackPath(root.resolve("ack"));
    }

    private static void appendRun(Path dir, int threads, int perCall, double seconds,
            boolean print) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (EventJournal journal = EventJournal.open(dir, JournalLimits.defaults())) {
            long deadline = System.nanoTime() + (long) (seconds * 1e9);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<long[]>> latencies = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                latencies.add(pool.submit(() -> {
                    long[] nanos = new long[1 << 18];
                    int count = 0;
                    start.await();
                    long n = 0;
                    while (System.nanoTime() < deadline) {
                        long before = System.nanoTime();
                        if (perCall == 1) {
                            journal.append(JournalFixtures.event(++n));
                        } else {
                            List<SaEvent> events = new ArrayList<>(perCall);
                            for (int i = 0; i < perCall; i++) {
                                events.add(JournalFixtures.event(++n));
                            }
                            journal.appendAll(events);
                        }
                        if (count < nanos.length) {
                            nanos[count++] = System.nanoTime() - before;
                        }
                    }
                    return Arrays.copyOf(nanos, count);
                }));
            }
            long began = System.nanoTime();
            start.countDown();
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> future : latencies) {
                all.add(future.get(10, TimeUnit.MINUTES));
            }
            double elapsed = (System.nanoTime() - began) / 1e9;
            JournalStats stats = journal.stats();
            long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            if (print) {
                System.out.printf("%s, %2d thread(s): %,9.0f events/s  %,7d group commits"
                        + " (%.1f events each, %,.0f fsyncs/s)  latency p50 %.2f ms, p99 %.2f ms%n",
                        perCall == 1 ? "append" : "appendAll(" + perCall + ")", threads,
                        stats.appendedTotal() / elapsed, stats.groupCommits(),
                        (double) stats.appendedTotal() / stats.groupCommits(),
                        stats.groupCommits() / elapsed, percentile(merged, 0.50),
                        percentile(merged, 0.99));
            }
        } finally {
            pool.shutdownNow();
            JournalFixtures.deleteRecursively(dir);
        }
    }

    /** Fill the queue, then drain it as the sender would: read a batch, ack it, repeat. */
    private static void ackPath(Path dir) throws IOException {
        try (EventJournal journal = EventJournal.open(dir, JournalLimits.defaults())) {
            fill(journal);
            long began = System.nanoTime();
            long read = 0;
            long after = 0;
            List<SaEvent> batch;
            while (!(batch = journal.peekAfter(after, BATCH)).isEmpty()) {
                read += batch.size();
                after = batch.get(batch.size() - 1).getEventId();
            }
            double peekSeconds = (System.nanoTime() - began) / 1e9;

            began = System.nanoTime();
            long acked = 0;
            int acks = 0;
            while (!(batch = journal.peek(BATCH)).isEmpty()) {
                journal.acknowledge(batch.get(batch.size() - 1).getEventId());
                acked += batch.size();
                acks++;
            }
            double ackSeconds = (System.nanoTime() - began) / 1e9;
            System.out.printf("read only, batches of %d: %,9.0f events/s (%,d events)%n", BATCH,
                    read / peekSeconds, read);
            System.out.printf("read + acknowledge, batches of %d: %,9.0f events/s (%,d acks,"
                    + " %.2f ms per ack incl. checkpoint write and segment deletion)%n", BATCH,
                    acked / ackSeconds, acks, ackSeconds * 1000 / acks);
        } finally {
            JournalFixtures.deleteRecursively(dir);
        }
    }

    /** Fills with 16 threads so it takes a moment, not a minute. */
    private static void fill(EventJournal journal) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < ACK_PATH_EVENTS / 16; i++) {
                        journal.append(JournalFixtures.event(i));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static double percentile(long[] sortedNanos, double quantile) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sortedNanos.length - 1, Math.floor(quantile * sortedNanos.length));
        return sortedNanos[index] / 1e6;
    }
}
