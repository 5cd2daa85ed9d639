package io.gatewise.agent.control.journal;

import java.time.Duration;

/**
 * A consistent snapshot of the journal's counters, for status reports and metrics.
 *
 * @param queuedEvents events appended and neither acknowledged nor dropped
 * @param queuedBytes their size on disk, record headers included
 * @param droppedTotal events dropped because the queue was full, or found lost on
 *        recovery, since this process opened the journal (a counter, like Prometheus')
 * @param oldestUnacknowledgedAge how long the oldest queued event has waited; zero when
 *        none is queued
 * @param lastAssignedId the id of the newest event, 0 before the first
 * @param acknowledgedThroughId the highest id the server acknowledged
 * @param appendedTotal events appended since open, drop notices included
 * @param groupCommits segment fsyncs since open; appends per group commit shows how
 *        well concurrent appenders share them
 */
public record JournalStats(long queuedEvents, long queuedBytes, long droppedTotal,
        Duration oldestUnacknowledgedAge, long lastAssignedId, long acknowledgedThroughId,
        long appendedTotal, long groupCommits) {
}
