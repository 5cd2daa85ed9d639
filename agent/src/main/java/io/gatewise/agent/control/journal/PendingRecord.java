package io.gatewise.agent.control.journal;

import java.nio.ByteBuffer;

/**
 * A record laid out by an appender and waiting for the next group commit.
 *
 * @param offset where in {@code segment} the record goes
 * @param bytes the encoded record, at position 0
 * @param removesThrough the record's removes-through field (drop notices), else 0
 */
record PendingRecord(Segment segment, long offset, ByteBuffer bytes, long id,
        long removesThrough) {
}
