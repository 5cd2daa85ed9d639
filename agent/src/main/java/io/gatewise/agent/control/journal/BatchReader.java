package io.gatewise.agent.control.journal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.gatewise.proto.v1.SaEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns queued records back into {@link SaEvent}s for the sender. Each record's checksum is
 * checked again: bytes can rot after recovery looked at them.
 */
final class BatchReader {

    /** Reads go to disk in spans of at most this many bytes. */
    private static final int READ_SPAN_BYTES = 1 << 20;

    /** Told about each record that no longer reads back intact. */
    @FunctionalInterface
    interface Damaged {
        void found(long eventId, Segment segment);
    }

    private BatchReader() {
    }

    /**
     * Reads the records at the given places, one read per run of adjacent records.
     *
     * @return the intact events with their ids; damaged ones go to {@code damaged}
     */
    static List<SaEvent> read(int count, long[] ids, long[] offsets, int[] lengths,
            Segment[] where, Damaged damaged) throws IOException {
        List<SaEvent> events = new ArrayList<>(count);
        int first = 0;
        while (first < count) {
            // One read for a run of adjacent records in one segment.
            int end = first + 1;
            long spanEnd = offsets[first] + lengths[first];
            while (end < count && where[end] == where[first] && offsets[end] == spanEnd
                    && spanEnd + lengths[end] - offsets[first] <= READ_SPAN_BYTES) {
                spanEnd += lengths[end];
                end++;
            }
            ByteBuffer span = ByteBuffer.allocate((int) (spanEnd - offsets[first]));
            where[first].read(span, offsets[first]);
            for (int i = first; i < end; i++) {
                int at = (int) (offsets[i] - offsets[first]);
                JournalRecord.Header header = JournalRecord.read(span, at, span.capacity());
                SaEvent event = header != null && header.eventId() == ids[i]
                        ? parse(span, at, header, ids[i]) : null;
                if (event != null) {
                    events.add(event);
                } else {
                    damaged.found(ids[i], where[i]);
                }
            }
            first = end;
        }
        return events;
    }

    private static SaEvent parse(ByteBuffer span, int at, JournalRecord.Header header, long id) {
        try {
            return SaEvent.newBuilder()
                    .mergeFrom(span.array(), at + JournalRecord.HEADER_BYTES, header.bodyLength())
                    .setEventId(id)
                    .build();
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }
}
