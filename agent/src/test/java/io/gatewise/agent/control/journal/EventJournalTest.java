package io.gatewise.agent.control.journal;

import static io.gatewise.agent.control.journal.JournalFixtures.event;
import static io.gatewise.agent.control.journal.JournalFixtures.ids;
import static io.gatewise.agent.control.journal.JournalFixtures.segmentFiles;
import static io.gatewise.agent.control.journal.JournalFixtures.withId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewise.agent.control.journal.JournalFixtures.MutableClock;
import io.gatewise.proto.v1.SaEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventJournalTest {

    private static final JournalLimits LIMITS = new JournalLimits(1 << 20, 10_000, 64 * 1024);

    @TempDir
    Path dir;

    @Test
    void appendAssignsIdsFromOneAndPeekReturnsDurableEventsOldestFirst() throws IOException {
        try (EventJournal journal = EventJournal.open(dir, LIMITS)) {
            for (long n = 1; n <= 5; n++) {
                assertThat(journal.append(event(n))).isEqualTo(n);
            }

            assertThat(journal.peek(100)).containsExactly(withId(event(1), 1),
                    withId(event(2), 2), withId(event(3), 3), withId(event(4), 4),
                    withId(event(5), 5));
            assertThat(ids(journal.peek(2))).containsExactly(1L, 2L);
            assertThat(ids(journal.peekAfter(3, 100))).containsExactly(4L, 5L);
            assertThat(journal.peekAfter(5, 100)).isEmpty();
        }
    }

    @Test
    void acknowledgeRemovesEventsAndOlderOrRepeatedAcksChangeNothing() throws IOException {
        try (EventJournal journal = EventJournal.open(dir, LIMITS)) {
            for (long n = 1; n <= 5; n++) {
                journal.append(event(n));
            }

            journal.acknowledge(3);
            assertThat(ids(journal.peek(100))).containsExactly(4L, 5L);

            journal.acknowledge(3);
            journal.acknowledge(1);
            journal.acknowledge(0);
            assertThat(ids(journal.peek(100))).containsExactly(4L, 5L);
            assertThat(journal.stats().acknowledgedThroughId()).isEqualTo(3);
            assertThat(journal.stats().queuedEvents()).isEqualTo(2);

            journal.acknowledge(5);
            assertThat(journal.peek(100)).isEmpty();
            assertThat(journal.stats().queuedBytes()).isZero();
            assertThat(journal.append(event(6))).isEqualTo(6);
        }
    }

    @Test
    void appendAllMakesSeveralEventsDurableWithOneCommit() throws IOException {
        try (EventJournal journal = EventJournal.open(dir, LIMITS)) {
            journal.append(event(1));
            long commitsBefore = journal.stats().groupCommits();

            long[] ids = journal.appendAll(List.of(event(2), event(3), event(4)));

            assertThat(ids).containsExactly(2, 3, 4);
            assertThat(journal.stats().groupCommits()).isEqualTo(commitsBefore + 1);
            assertThat(journal.peekAfter(1, 10)).containsExactly(withId(event(2), 2),
                    withId(event(3), 3), withId(event(4), 4));
            assertThat(journal.appendAll(List.of())).isEmpty();
        }
    }

    @Test
    void eventIdGivenByTheCallerIsReplacedAndAMissingTimestampIsSet() throws IOException {
        MutableClock clock = new MutableClock();
        try (EventJournal journal = EventJournal.open(dir, LIMITS, clock)) {
            journal.append(event(1).toBuilder().setEventId(999).build());
            journal.append(event(2).toBuilder().clearTimestampMillis().build());

            List<SaEvent> queued = journal.peek(10);
            assertThat(queued.get(0)).isEqualTo(withId(event(1), 1));
            assertThat(queued.get(1).getTimestampMillis()).isEqualTo(clock.millis());
        }
    }

    @Test
    void restartKeepsUnacknowledgedEventsAndContinuesIds() throws IOException {
        try (EventJournal journal = EventJournal.open(dir, LIMITS)) {
            for (long n = 1; n <= 10; n++) {
                journal.append(event(n));
            }
            journal.acknowledge(4);
        }
        try (EventJournal journal = EventJournal.open(dir, LIMITS)) {
            assertThat(ids(journal.peek(100))).containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
            assertThat(journal.peek(1).get(0)).isEqualTo(withId(event(5), 5));
            assertThat(journal.stats().acknowledgedThroughId()).isEqualTo(4);
            assertThat(journal.append(event(11))).isEqualTo(11);
        }
        try (EventJournal journal = EventJournal.open(dir, LIMITS)) {
            assertThat(ids(journal.peek(100))).containsExactly(5L, 6L, 7L, 8L, 9L, 10L, 11L);
            assertThat(journal.stats().droppedTotal()).isZero();
        }
    }

    @Test
    void idsContinueAfterEverythingWasAcknowledgedAndTheSegmentsDeleted() throws IOException {
        JournalLimits smallSegments = new JournalLimits(1 << 20, 10_000, 1024);
        try (EventJournal journal = EventJournal.open(dir, smallSegments)) {
            for (long n = 1; n <= 40; n++) {
                journal.append(event(n));
            }
            assertThat(segmentFiles(dir)).hasSizeGreaterThan(3);
            journal.acknowledge(40);
            // Only the segment still being appended to is kept.
            assertThat(segmentFiles(dir)).hasSize(1);
        }
        try (EventJournal journal = EventJournal.open(dir, smallSegments)) {
            assertThat(journal.peek(100)).isEmpty();
            assertThat(journal.append(event(41))).isEqualTo(41);
        }
    }

    @Test
    void segmentsRollOverAndAreDeletedOnlyOnceAllTheirEventsAreAcknowledged()
            throws IOException {
        JournalLimits smallSegments = new JournalLimits(1 << 20, 10_000, 1024);
        try (EventJournal journal = EventJournal.open(dir, smallSegments)) {
            for (long n = 1; n <= 60; n++) {
                journal.append(event(n));
            }
            List<Path> before = segmentFiles(dir);
            assertThat(before).hasSizeGreaterThan(4);
            long secondBase = Segment.parseBaseId(before.get(1).getFileName().toString())
                    .getAsLong();

            journal.acknowledge(secondBase - 2);
            assertThat(segmentFiles(dir)).isEqualTo(before);
            journal.acknowledge(secondBase - 1);
            assertThat(segmentFiles(dir)).isEqualTo(before.subList(1, before.size()));
            journal.acknowledge(secondBase);
            assertThat(segmentFiles(dir)).isEqualTo(before.subList(1, before.size()));
            assertThat(ids(journal.peek(1))).containsExactly(secondBase + 1);
        }
    }

    @Test
    void anAckBeyondEveryAssignedIdContinuesNumberingAfterItAlsoAfterRestart()
            throws IOException {
        try (EventJournal journal = EventJournal.open(dir, LIMITS)) {
            journal.append(event(1));
            journal.append(event(2));

            journal.acknowledge(5000);

            assertThat(journal.peek(10)).isEmpty();
            assertThat(journal.append(event(3))).isEqualTo(5001);
        }
        try (EventJournal journal = EventJournal.open(dir, LIMITS)) {
            assertThat(ids(journal.peek(10))).containsExactly(5001L);
            assertThat(journal.append(event(4))).isEqualTo(5002);
            assertThat(journal.stats().droppedTotal()).isZero();
        }
    }

    @Test
    void statsCountQueuedEventsAndBytesAndTheOldestEventsAge() throws IOException {
        MutableClock clock = new MutableClock();
        try (EventJournal journal = EventJournal.open(dir, LIMITS, clock)) {
            assertThat(journal.stats().oldestUnacknowledgedAge()).isEqualTo(Duration.ZERO);
            journal.append(event(1));
            clock.advanceMillis(1500);
            journal.append(event(2));
            clock.advanceMillis(500);

            JournalStats stats = journal.stats();
            long expectedBytes = 2L * JournalRecord.HEADER_BYTES
                    + event(1).getSerializedSize() + event(2).getSerializedSize();
            assertThat(stats.queuedEvents()).isEqualTo(2);
            assertThat(stats.queuedBytes()).isEqualTo(expectedBytes);
            assertThat(stats.oldestUnacknowledgedAge()).isEqualTo(Duration.ofMillis(2000));
            assertThat(stats.lastAssignedId()).isEqualTo(2);
            assertThat(stats.appendedTotal()).isEqualTo(2);

            journal.acknowledge(1);
            assertThat(journal.stats().oldestUnacknowledgedAge())
                    .isEqualTo(Duration.ofMillis(500));
        }
        // The append time is on disk, so the age survives a restart.
        clock.advanceMillis(1000);
        try (EventJournal journal = EventJournal.open(dir, LIMITS, clock)) {
            assertThat(journal.stats().oldestUnacknowledgedAge())
                    .isEqualTo(Duration.ofMillis(1500));
        }
    }

    @Test
    void awaitEventsAfterReportsWhetherUnsentEventsExist() throws Exception {
        try (EventJournal journal = EventJournal.open(dir, LIMITS)) {
            assertThat(journal.awaitEventsAfter(0, Duration.ZERO)).isFalse();
            journal.append(event(1));
            assertThat(journal.awaitEventsAfter(0, Duration.ZERO)).isTrue();
            assertThat(journal.awaitEventsAfter(1, Duration.ofMillis(1))).isFalse();

            List<Long> seen = new ArrayList<>();
            Thread sender = new Thread(() -> {
                try {
                    if (journal.awaitEventsAfter(1, Duration.ofMinutes(1))) {
                        seen.addAll(ids(journal.peekAfter(1, 10)));
                    }
                } catch (InterruptedException | IOException e) {
                    throw new AssertionError(e);
                }
            });
            sender.start();
            journal.append(event(2));
            sender.join();
            assertThat(seen).containsExactly(2L);
        }
    }

    @Test
    void anEventDamagedOnDiskWhileOpenIsLeftOutOfBatchesAndCounted() throws IOException {
        try (EventJournal journal = EventJournal.open(dir, LIMITS)) {
            journal.append(event(1));
            long secondRecord = Files.size(JournalFixtures.lastSegment(dir));
            journal.append(event(2));
            journal.append(event(3));

            JournalFixtures.flipByte(JournalFixtures.lastSegment(dir), secondRecord + 50);

            assertThat(ids(journal.peek(10))).containsExactly(1L, 3L);
            assertThat(journal.stats().droppedTotal()).isEqualTo(1);
            assertThat(ids(journal.peek(10))).containsExactly(1L, 3L);
            assertThat(journal.stats().droppedTotal()).isEqualTo(1);
            journal.acknowledge(3);
            assertThat(journal.peek(10)).isEmpty();
        }
    }

    @Test
    void theDirectoryCanBeOpenedOnlyOnceAtATime() throws IOException {
        try (EventJournal journal = EventJournal.open(dir, LIMITS)) {
            journal.append(event(1));
            assertThatThrownBy(() -> EventJournal.open(dir, LIMITS))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("already open");
        }
        try (EventJournal journal = EventJournal.open(dir, LIMITS)) {
            assertThat(journal.stats().queuedEvents()).isEqualTo(1);
        }
    }

    @Test
    void aClosedJournalRefusesWork() throws IOException {
        EventJournal journal = EventJournal.open(dir, LIMITS);
        journal.append(event(1));
        journal.close();
        journal.close();

        assertThatThrownBy(() -> journal.append(event(2)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> journal.peek(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> journal.acknowledge(1))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anEventTooLargeForTheLimitsIsRefused() throws IOException {
        try (EventJournal journal = EventJournal.open(dir, new JournalLimits(1024, 10, 1024))) {
            SaEvent huge = event(1).toBuilder().setTunnel("x".repeat(2000)).build();
            assertThatThrownBy(() -> journal.append(huge))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(journal.append(event(2))).isEqualTo(1);
        }
    }

    @Test
    void aFailedWriteFailsTheAppendAndLaterOnesUntilReopened() throws IOException {
        AtomicBoolean diskBroken = new AtomicBoolean();
        ForceHook hook = () -> {
            if (diskBroken.get()) {
                throw new IOException("simulated EIO");
            }
        };
        try (EventJournal journal = EventJournal.open(dir, LIMITS, new MutableClock(), hook)) {
            journal.append(event(1));
            diskBroken.set(true);
            assertThatThrownBy(() -> journal.append(event(2)))
                    .isInstanceOf(IOException.class)
                    .hasRootCauseMessage("simulated EIO");
            diskBroken.set(false);
            assertThatThrownBy(() -> journal.append(event(3)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("reopen");
            // What was durable can still be delivered.
            assertThat(ids(journal.peek(10))).containsExactly(1L);
        }
        try (EventJournal journal = EventJournal.open(dir, LIMITS)) {
            // Event 2 reached the file before the force failed; it is kept, not lost.
            assertThat(ids(journal.peek(10))).containsExactly(1L, 2L);
            assertThat(journal.append(event(3))).isEqualTo(3);
        }
    }
}
