package io.gatewise.agent.control.journal;

import static io.gatewise.agent.control.journal.JournalFixtures.copyJournal;
import static io.gatewise.agent.control.journal.JournalFixtures.event;
import static io.gatewise.agent.control.journal.JournalFixtures.flipByte;
import static io.gatewise.agent.control.journal.JournalFixtures.ids;
import static io.gatewise.agent.control.journal.JournalFixtures.isDropNotice;
import static io.gatewise.agent.control.journal.JournalFixtures.lastSegment;
import static io.gatewise.agent.control.journal.JournalFixtures.segmentFiles;
import static io.gatewise.agent.control.journal.JournalFixtures.truncate;
import static io.gatewise.agent.control.journal.JournalFixtures.withId;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewise.proto.v1.EventKind;
import io.gatewise.proto.v1.SaEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash and damage: the files of a closed journal are cut or altered the way a crash in
 * the middle of a write or a bad disk would leave them, then the journal is reopened.
 */
class EventJournalRecoveryTest {

    private static final JournalLimits LIMITS = new JournalLimits(1 << 20, 10_000, 64 * 1024);
    /** Bytes of a record up to and including its event id field. */
    private static final int ID_FIELD_END = 16;

    @TempDir
    Path dir;
    private Path pristine;
    /** File size of the (single) segment after each of the five appends. */
    private final long[] recordEnds = new long[5];

    /**
     * Five events in one segment, the first two acknowledged before the fifth was
     * appended (so the checkpoint knows ids up to 4 were durable, not 5).
     */
    @BeforeEach
    void writePristineJournal() throws IOException {
        pristine = dir.resolve("pristine");
        try (EventJournal journal = EventJournal.open(pristine, LIMITS)) {
            for (int n = 1; n <= 5; n++) {
                if (n == 5) {
                    journal.acknowledge(2);
                }
                journal.append(event(n));
                recordEnds[n - 1] = Files.size(lastSegment(pristine));
            }
        }
    }

    @Test
    void aTailCutAtAnyByteOfTheLastRecordIsTruncatedAndNothingElseIsLost() throws IOException {
        long start = recordEnds[3];
        for (long cut = start; cut < recordEnds[4]; cut++) {
            Path copy = dir.resolve("cut-" + cut);
            copyJournal(pristine, copy);
            truncate(lastSegment(copy), cut);

            boolean idSurvived = cut - start >= ID_FIELD_END;
            try (EventJournal journal = EventJournal.open(copy, LIMITS)) {
                List<SaEvent> queued = journal.peek(100);
                assertThat(queued.subList(0, 2)).as("cut at %d", cut)
                        .containsExactly(withId(event(3), 3), withId(event(4), 4));
                if (idSurvived) {
                    // The torn record still names id 5: it is announced lost, never reused.
                    assertLossNotice(queued.get(2), 6, 1);
                    assertThat(queued).hasSize(3);
                    assertThat(journal.append(event(6))).isEqualTo(7);
                } else {
                    // Its id never made it to disk: the id is free again.
                    assertThat(queued).as("cut at %d", cut).hasSize(2);
                    assertThat(Files.size(lastSegment(copy))).isEqualTo(start);
                    assertThat(journal.append(event(6))).isEqualTo(5);
                }
            }
            // A second restart neither repeats the notice nor brings anything back.
            try (EventJournal journal = EventJournal.open(copy, LIMITS)) {
                List<SaEvent> queued = journal.peek(100);
                assertThat(queued.stream().filter(JournalFixtures::isDropNotice).count())
                        .isEqualTo(idSurvived ? 1 : 0);
                assertThat(queued).hasSize(idSurvived ? 4 : 3);
                assertThat(queued.get(0)).isEqualTo(withId(event(3), 3));
            }
            JournalFixtures.deleteRecursively(copy);
        }
    }

    @Test
    void aFlippedByteAnywhereInTheLastRecordLosesOnlyThatRecord() throws IOException {
        long start = recordEnds[3];
        for (long at = start; at < recordEnds[4]; at++) {
            Path copy = dir.resolve("flip-" + at);
            copyJournal(pristine, copy);
            flipByte(lastSegment(copy), at);

            boolean idIntact = at - start < 8 || at - start >= ID_FIELD_END;
            try (EventJournal journal = EventJournal.open(copy, LIMITS)) {
                List<SaEvent> queued = journal.peek(100);
                assertThat(queued.subList(0, 2)).as("flip at %d", at)
                        .containsExactly(withId(event(3), 3), withId(event(4), 4));
                if (idIntact) {
                    assertLossNotice(queued.get(2), 6, 1);
                    assertThat(journal.append(event(6))).isEqualTo(7);
                } else {
                    assertThat(queued).hasSize(2);
                    assertThat(journal.append(event(6))).isEqualTo(5);
                }
            }
            JournalFixtures.deleteRecursively(copy);
        }
    }

    @Test
    void aFlippedByteAnywhereInAMiddleRecordLosesOnlyThatRecord() throws IOException {
        for (long at = recordEnds[1]; at < recordEnds[2]; at++) {
            Path copy = dir.resolve("flip-" + at);
            copyJournal(pristine, copy);
            flipByte(lastSegment(copy), at);

            try (EventJournal journal = EventJournal.open(copy, LIMITS)) {
                List<SaEvent> queued = journal.peek(100);
                assertThat(ids(queued)).as("flip at %d", at).containsExactly(4L, 5L, 6L);
                assertThat(queued.get(0)).isEqualTo(withId(event(4), 4));
                assertThat(queued.get(1)).isEqualTo(withId(event(5), 5));
                assertLossNotice(queued.get(2), 6, 1);
                assertThat(journal.stats().droppedTotal()).isEqualTo(1);
                assertThat(journal.append(event(7))).isEqualTo(7);
            }
            JournalFixtures.deleteRecursively(copy);
        }
    }

    @Test
    void aRecordTheCheckpointKnewDurableIsAnnouncedLostWhenCutAway() throws IOException {
        try (EventJournal journal = EventJournal.open(pristine, LIMITS)) {
            journal.acknowledge(3); // checkpoint: ids up to 5 were durable
        }
        truncate(lastSegment(pristine), recordEnds[3]);

        try (EventJournal journal = EventJournal.open(pristine, LIMITS)) {
            List<SaEvent> queued = journal.peek(100);
            assertThat(queued.get(0)).isEqualTo(withId(event(4), 4));
            assertLossNotice(queued.get(1), 6, 1);
            assertThat(journal.append(event(6))).isEqualTo(7);
        }
    }

    @Test
    void acknowledgedEventsStayGoneWhenTheTailIsTorn() throws IOException {
        try (EventJournal journal = EventJournal.open(pristine, LIMITS)) {
            journal.acknowledge(5);
        }
        truncate(lastSegment(pristine), recordEnds[3] + 3);

        try (EventJournal journal = EventJournal.open(pristine, LIMITS)) {
            assertThat(journal.peek(100)).isEmpty();
            assertThat(journal.stats().droppedTotal()).isZero();
            assertThat(journal.append(event(6))).isEqualTo(6);
        }
    }

    @Test
    void aDamagedCheckpointMeansAcknowledgedEventsAreSentAgainNotLost() throws IOException {
        flipByte(pristine.resolve(Checkpoint.FILE_NAME), 10);

        try (EventJournal journal = EventJournal.open(pristine, LIMITS)) {
            assertThat(ids(journal.peek(100))).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(journal.stats().droppedTotal()).isZero();
            assertThat(journal.append(event(6))).isEqualTo(6);
        }
    }

    @Test
    void aDamagedSegmentHeaderStillYieldsItsRecords() throws IOException {
        flipByte(lastSegment(pristine), 1);

        try (EventJournal journal = EventJournal.open(pristine, LIMITS)) {
            assertThat(ids(journal.peek(100))).containsExactly(3L, 4L, 5L);
        }
    }

    @Test
    void aSegmentFileCutInsideItsHeaderIsDeleted() throws IOException {
        Path stray = pristine.resolve(Segment.fileName(6));
        Files.write(stray, new byte[] {'G', 'W'});

        try (EventJournal journal = EventJournal.open(pristine, LIMITS)) {
            assertThat(Files.exists(stray)).isFalse();
            assertThat(ids(journal.peek(100))).containsExactly(3L, 4L, 5L);
            assertThat(journal.append(event(6))).isEqualTo(6);
        }
    }

    @Test
    void aLostSegmentIsAnnouncedAndItsIdsAreNotReused() throws IOException {
        Path many = dir.resolve("many");
        JournalLimits smallSegments = new JournalLimits(1 << 20, 10_000, 1024);
        try (EventJournal journal = EventJournal.open(many, smallSegments)) {
            for (int n = 1; n <= 40; n++) {
                journal.append(event(n));
            }
            journal.acknowledge(1); // the checkpoint now knows id 40 was durable
        }
        List<Path> segments = segmentFiles(many);
        Path middle = segments.get(segments.size() / 2);
        long middleBase = Segment.parseBaseId(middle.getFileName().toString()).getAsLong();
        long nextBase = Segment.parseBaseId(
                segments.get(segments.size() / 2 + 1).getFileName().toString()).getAsLong();
        Files.delete(middle);
        Files.delete(segments.get(segments.size() - 1));
        long lastBase = Segment.parseBaseId(
                segments.get(segments.size() - 1).getFileName().toString()).getAsLong();

        try (EventJournal journal = EventJournal.open(many, smallSegments)) {
            List<SaEvent> queued = journal.peek(100);
            long lost = (nextBase - middleBase) + (40 - lastBase + 1);
            assertLossNotice(queued.get(queued.size() - 1), 41, lost);
            assertThat(queued).hasSize((int) (40 - 1 - lost + 1));
            assertThat(journal.append(event(41))).isEqualTo(42);
        }
    }

    private static void assertLossNotice(SaEvent notice, long id, long lost) {
        assertThat(isDropNotice(notice)).as("%s is a drop notice", notice).isTrue();
        assertThat(notice.getKind()).isEqualTo(EventKind.EVENT_KIND_EVENTS_DROPPED);
        assertThat(notice.getEventId()).isEqualTo(id);
        assertThat(notice.getDroppedCount()).isEqualTo(lost);
    }
}
