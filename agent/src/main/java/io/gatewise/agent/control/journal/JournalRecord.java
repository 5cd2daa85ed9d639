package io.gatewise.agent.control.journal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Encoding and checking of one journal record; the layout is drawn in {@link EventJournal}.
 *
 * <p>The checksum is CRC32C (Castagnoli), the same polynomial storage systems use for
 * torn-write detection, and cheap here because the JDK intrinsifies it. It covers the
 * length field too, so a damaged length never makes a wrong span look valid.
 */
final class JournalRecord {

    static final int HEADER_BYTES = 40;
    /** Larger bodies are refused on append and treated as damage on recovery. */
    static final int MAX_BODY_BYTES = 1 << 20;

    private static final int LENGTH = 0;
    private static final int CHECKSUM = 4;
    private static final int EVENT_ID = 8;
    private static final int APPEND_MILLIS = 16;
    private static final int REMOVES_THROUGH = 24;
    private static final int LOST_COUNT = 32;

    private JournalRecord() {
    }

    /**
     * What a record's header says.
     *
     * @param removesThrough for a drop notice, the highest id the drop removed; else 0
     * @param lostCount for a drop notice, its {@code dropped_count}; else 0
     */
    record Header(long eventId, long appendMillis, long removesThrough, long lostCount,
            int bodyLength) {

        int recordLength() {
            return HEADER_BYTES + bodyLength;
        }
    }

    /** One record, ready to write: a heap buffer at position 0. */
    static ByteBuffer encode(long eventId, long appendMillis, long removesThrough,
            long lostCount, byte[] body) {
        ByteBuffer record = ByteBuffer.allocate(HEADER_BYTES + body.length);
        record.putInt(LENGTH, body.length)
                .putLong(EVENT_ID, eventId)
                .putLong(APPEND_MILLIS, appendMillis)
                .putLong(REMOVES_THROUGH, removesThrough)
                .putLong(LOST_COUNT, lostCount)
                .put(HEADER_BYTES, body);
        record.putInt(CHECKSUM, checksum(record.array(), record.arrayOffset(), record.capacity()));
        return record;
    }

    /**
     * Reads the record starting at {@code position} of a heap buffer.
     *
     * @return its header, or null when the bytes up to {@code limit} do not hold a
     *         complete record whose checksum matches
     */
    static Header read(ByteBuffer buffer, int position, int limit) {
        if (limit - position < HEADER_BYTES) {
            return null;
        }
        int bodyLength = buffer.getInt(position + LENGTH);
        if (bodyLength < 0 || bodyLength > MAX_BODY_BYTES
                || bodyLength > limit - position - HEADER_BYTES) {
            return null;
        }
        int expected = buffer.getInt(position + CHECKSUM);
        int actual = checksum(buffer.array(), buffer.arrayOffset() + position,
                HEADER_BYTES + bodyLength);
        if (expected != actual) {
            return null;
        }
        return new Header(buffer.getLong(position + EVENT_ID),
                buffer.getLong(position + APPEND_MILLIS),
                buffer.getLong(position + REMOVES_THROUGH),
                buffer.getLong(position + LOST_COUNT), bodyLength);
    }

    /** The event id field at {@code position}, whether or not the record is intact. */
    static long eventIdField(ByteBuffer buffer, int position) {
        return buffer.getLong(position + EVENT_ID);
    }

    /** Bytes needed to read the event id field of a record. */
    static int eventIdFieldEnd() {
        return EVENT_ID + Long.BYTES;
    }

    /** The body of a record that {@link #read} accepted. */
    static byte[] body(ByteBuffer buffer, int position, Header header) {
        byte[] body = new byte[header.bodyLength()];
        buffer.get(position + HEADER_BYTES, body);
        return body;
    }

    private static int checksum(byte[] array, int offset, int recordLength) {
        CRC32C crc = new CRC32C();
        crc.update(array, offset + LENGTH, Integer.BYTES);
        crc.update(array, offset + EVENT_ID, recordLength - EVENT_ID);
        return (int) crc.getValue();
    }
}
