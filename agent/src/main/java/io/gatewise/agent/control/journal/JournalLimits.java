package io.gatewise.agent.control.journal;

/**
 * How large the event journal may grow, and how its files are cut.
 *
 * <p>When an append would exceed {@code maxEvents} or {@code maxBytes} (counting record
 * headers), the oldest unacknowledged events are dropped until a sixteenth of the room is
 * free again, so a sustained overflow costs one drop notice per sixteenth of the queue
 * rather than one per event. On disk the journal uses at most about
 * {@code maxBytes + segmentBytes}: a segment is deleted once all its events are gone.
 *
 * @param maxBytes bound on the queued records' bytes, at least 1 KiB
 * @param maxEvents bound on the number of queued events, at least 2
 * @param segmentBytes a new segment file is started when the current one would grow past
 *        this, at least 1 KiB
 */
public record JournalLimits(long maxBytes, int maxEvents, int segmentBytes) {

    /** 64 MiB: a few hundred thousand typical events, hours of a busy gateway's history. */
    public static final long DEFAULT_MAX_BYTES = 64L << 20;
    public static final int DEFAULT_MAX_EVENTS = 262_144;
    public static final int DEFAULT_SEGMENT_BYTES = 4 << 20;

    public JournalLimits {
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("maxBytes must be at least 1024: " + maxBytes);
        }
        if (maxEvents < 2) {
            throw new IllegalArgumentException("maxEvents must be at least 2: " + maxEvents);
        }
        if (segmentBytes < 1024) {
            throw new IllegalArgumentException("segmentBytes must be at least 1024: "
                    + segmentBytes);
        }
    }

    public static JournalLimits defaults() {
        return new JournalLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_EVENTS, DEFAULT_SEGMENT_BYTES);
    }
}
