package io.gatewise.agent.control.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The I/O half of a group commit: what the commit leader does with the journal's lock
 * released. Only one leader runs at a time; the journal hands this object from leader to
 * leader through its lock, which also publishes the segments' channels to readers.
 */
final class BatchWriter {

    private final Path directory;
    private final ForceHook forceHook;
    private ByteBuffer writeBuffer = ByteBuffer.allocateDirect(64 * 1024);

    BatchWriter(Path directory, ForceHook forceHook) {
        this.directory = directory;
        this.forceHook = forceHook;
    }

    /**
     * Writes a batch (one write per segment touched), forces every segment touched and,
     * when a segment file was created, the directory.
     *
     * @return the number of segments forced
     */
    int writeAndForce(List<PendingRecord> batch) throws IOException {
        List<Segment> touched = new ArrayList<>(2);
        boolean createdFile = false;
        int first = 0;
        while (first < batch.size()) {
            Segment segment = batch.get(first).segment();
            if (!segment.isCreated()) {
                segment.create();
                createdFile = true;
            }
            int end = first;
            int bytes = 0;
            while (end < batch.size() && batch.get(end).segment() == segment) {
                bytes += batch.get(end).bytes().capacity();
                end++;
            }
            ByteBuffer buffer = writeBuffer(bytes);
            for (int i = first; i < end; i++) {
                buffer.put(batch.get(i).bytes());
            }
            segment.write(buffer.flip(), batch.get(first).offset());
            touched.add(segment);
            first = end;
        }
        for (Segment segment : touched) {
            forceHook.beforeForce();
            segment.force();
        }
        if (createdFile) {
            Checkpoint.forceDirectory(directory);
        }
        return touched.size();
    }

    private ByteBuffer writeBuffer(int bytes) {
        if (writeBuffer.capacity() < bytes) {
            writeBuffer = ByteBuffer.allocateDirect(Math.max(bytes, writeBuffer.capacity() * 2));
        }
        return writeBuffer.clear();
    }
}
