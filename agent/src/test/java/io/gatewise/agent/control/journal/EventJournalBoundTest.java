package io.gatewise.agent.control.journal;

import static io.gatewise.agent.control.journal.JournalFixtures.event;
import static io.gatewise.agent.control.journal.JournalFixtures.ids;
import static io.gatewise.agent.control.journal.JournalFixtures.isDropNotice;
import static io.gatewise.agent.control.journal.JournalFixtures.withId;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewise.proto.v1.SaEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventJournalBoundTest {

    @TempDir
    Path dir;

    @Test
    void whenTheEventLimitIsReachedTheOldestAreDroppedAndAnnounced() throws IOException {
        JournalLimits limits = new JournalLimits(1 << 20, 32, 64 * 1024);
        try (EventJournal journal = EventJournal.open(dir, limits)) {
            for (long n = 1; n <= 32; n++) {
                journal.append(event(n));
            }
            assertThat(journal.stats().droppedTotal()).isZero();

            long id = journal.append(event(33));

            // Dropped down to 15/16 of the limit (28 events) to make room for the notice
            // and the new event.
            List<SaEvent> queued = journal.peek(100);
            assertThat(ids(queued)).containsExactlyElementsOf(
                    LongStream.rangeClosed(5, 34).boxed().toList());
            SaEvent notice = queued.get(queued.size() - 2);
            assertThat(isDropNotice(notice)).isTrue();
            assertThat(notice.getDroppedCount()).isEqualTo(4);
            assertThat(id).isEqualTo(34);
            assertThat(queued.get(queued.size() - 1)).isEqualTo(withId(event(33), 34));
            assertThat(journal.stats().droppedTotal()).isEqualTo(4);
            assertThat(journal.stats().queuedEvents()).isEqualTo(30);
        }
    }

    @Test
    void whenTheByteLimitIsReachedTheOldestAreDroppedAndAnnounced() throws IOException {
        JournalLimits limits = new JournalLimits(4096, 10_000, 64 * 1024);
        try (EventJournal journal = EventJournal.open(dir, limits)) {
            long n = 0;
            while (journal.stats().droppedTotal() == 0) {
                n++;
                journal.append(event(n));
                assertThat(journal.stats().queuedBytes()).isLessThanOrEqualTo(4096);
            }

            List<SaEvent> queued = journal.peek(1000);
            SaEvent notice = queued.get(queued.size() - 2);
            assertThat(isDropNotice(notice)).isTrue();
            long firstKept = queued.get(0).getEventId();
            assertThat(notice.getDroppedCount()).isEqualTo(firstKept - 1);
            // The drop made room for a sixteenth of the limit besides the new event.
            assertThat(journal.stats().queuedBytes()).isLessThanOrEqualTo(4096 - 4096 / 16);
            assertThat(queued.get(queued.size() - 1)).isEqualTo(withId(event(n), n + 1));
        }
    }

    @Test
    void dropsSurviveARestartAndAreNotUndoneByIt() throws IOException {
        JournalLimits limits = new JournalLimits(1 << 20, 16, 64 * 1024);
        List<SaEvent> before;
        try (EventJournal journal = EventJournal.open(dir, limits)) {
            for (long n = 1; n <= 17; n++) {
                journal.append(event(n));
            }
            before = journal.peek(100);
            assertThat(before.get(0).getEventId()).isGreaterThan(1);
        }
        try (EventJournal journal = EventJournal.open(dir, limits)) {
            assertThat(journal.peek(100)).isEqualTo(before);
            assertThat(journal.stats().droppedTotal()).isZero();
            assertThat(journal.append(event(18)))
                    .isEqualTo(before.get(before.size() - 1).getEventId() + 1);
        }
    }

    @Test
    void underSustainedOverflowTheAnnouncedCountsAddUpToEveryIdNeverDelivered()
            throws IOException {
        JournalLimits limits = new JournalLimits(1 << 20, 320, 8192);
        try (EventJournal journal = EventJournal.open(dir, limits)) {
            for (long n = 1; n <= 1500; n++) {
                journal.append(event(n));
                assertThat(journal.stats().queuedEvents()).isLessThanOrEqualTo(320);
            }
            List<SaEvent> delivered = journal.peek(1000);
            long announced = delivered.stream().filter(JournalFixtures::isDropNotice)
                    .mapToLong(SaEvent::getDroppedCount).sum();
            long lastId = journal.stats().lastAssignedId();

            // Notices dropped in turn had their counts carried into later notices.
            assertThat(delivered.size() + announced).isEqualTo(lastId);
            // One notice per sixteenth of the queue, not one per event.
            assertThat(delivered.stream().filter(JournalFixtures::isDropNotice).count())
                    .isBetween(1L, 17L);
            // Segments of dropped events are deleted: about a queue's worth remains.
            assertThat(JournalFixtures.segmentFiles(dir)).hasSizeLessThan(12);
        }
    }
}
