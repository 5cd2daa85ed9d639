package io.gatewise.agent.control.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the journal's state from its directory after a restart or a crash.
 *
 * <p>Every segment is scanned record by record. A record is kept when it is complete, its
 * CRC32C matches and its id is greater than the previous record's and inside the
 * segment's id range. At the first record that fails, the scanner looks further on for
 * the next intact record (damage in the middle of a file, e.g. a flipped bit, loses only
 * the damaged record); when none follows, the rest of the file is a torn tail from a
 * crash mid-write and is truncated. Both are logged, neither is fatal.
 *
 * <p>Acknowledged state lives in the {@link Checkpoint} and in the drop notices'
 * removes-through field, never in the tail, so tail damage cannot bring acknowledged
 * events back. Ids that were once durable but are gone now (a damaged record, a missing
 * file) are counted as lost so the journal can announce them; ids are never reused
 * below the highest id found in any record, intact or, when its id field still names the
 * next id, damaged.
 */
final class JournalRecovery {

    private static final Logger log = LoggerFactory.getLogger(JournalRecovery.class);
    private static final long MAX_SEGMENT_FILE_BYTES = Integer.MAX_VALUE - 64;

    /**
     * The recovered state.
     *
     * @param index the queued (not yet removed) records
     * @param lossCounts dropped_count of the queued drop notices, by event id
     * @param lostIds ids above {@code lossReportedThrough} that were durable once and
     *        are gone now; to be announced
     * @param checkpoint the checkpoint read, or {@link Checkpoint#EMPTY}
     */
    record Result(NavigableMap<Long, Segment> segments, RecordIndex index,
            NavigableMap<Long, Long> lossCounts, long queuedBytes, long removedThrough,
            long nextId, long lostIds, Checkpoint checkpoint) {
    }

    private final Path directory;
    private final RecordIndex records = new RecordIndex();
    private final NavigableMap<Long, Long> lossCounts = new TreeMap<>();
    private final NavigableMap<Long, Segment> segments = new TreeMap<>();
    private long lastId;
    private long highestDamagedId;
    private long maxRemovesThrough;

    private JournalRecovery(Path directory) {
        this.directory = directory;
    }

    /** Scans the directory; on failure closes whatever it opened. */
    static Result recover(Path directory) throws IOException {
        JournalRecovery recovery = new JournalRecovery(directory);
        try {
            return recovery.run();
        } catch (IOException | RuntimeException e) {
            for (Segment segment : recovery.segments.values()) {
                try {
                    segment.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private Result run() throws IOException {
        Checkpoint found = Checkpoint.read(directory);
        Checkpoint checkpoint = found == null ? Checkpoint.EMPTY : found;
        List<Long> baseIds = segmentBaseIds();
        for (int i = 0; i < baseIds.size(); i++) {
            long upper = i + 1 < baseIds.size() ? baseIds.get(i + 1) : Long.MAX_VALUE;
            scanSegment(baseIds.get(i), upper);
        }

        long firstIdOnDisk = records.isEmpty() ? 0 : records.id(0);
        long removedThrough = Math.max(checkpoint.removedThrough(), maxRemovesThrough);
        while (!records.isEmpty() && records.id(0) <= removedThrough) {
            records.removeFirst();
        }
        lossCounts.headMap(removedThrough, true).clear();
        long queuedBytes = 0;
        for (int i = 0; i < records.size(); i++) {
            queuedBytes += records.length(i);
        }

        long highest = Math.max(Math.max(lastId, highestDamagedId),
                Math.max(removedThrough, checkpoint.highestAssigned()));
        // Below this floor every id is removed or already announced. Without a checkpoint
        // the ids before the oldest file are unknown rather than lost.
        long floor = Math.max(removedThrough, checkpoint.lossReportedThrough());
        if (found == null && firstIdOnDisk > 0) {
            floor = Math.max(floor, firstIdOnDisk - 1);
        }
        long present = records.size() - records.firstAfter(floor);
        long lost = Math.max(0, highest - floor - present);
        return new Result(segments, records, lossCounts, queuedBytes, removedThrough,
                highest + 1, lost, checkpoint);
    }

    private List<Long> segmentBaseIds() throws IOException {
        List<Long> baseIds = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                OptionalLong baseId = Segment.parseBaseId(file.getFileName().toString());
                if (baseId.isPresent()) {
                    baseIds.add(baseId.getAsLong());
                }
            }
        }
        baseIds.sort(null);
        return baseIds;
    }

    private void scanSegment(long baseId, long upperExclusive) throws IOException {
        Path path = directory.resolve(Segment.fileName(baseId));
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        boolean kept = false;
        try {
            long fileSize = channel.size();
            if (fileSize > MAX_SEGMENT_FILE_BYTES) {
                channel.close();
                Path aside = path.resolveSibling(path.getFileName() + ".unreadable");
                Files.move(path, aside, StandardCopyOption.REPLACE_EXISTING);
                log.error("event journal {}: {} is {} bytes, far larger than any segment we write;"
                        + " moved aside to {}", directory, path.getFileName(), fileSize, aside);
                return;
            }
            if (fileSize < Segment.HEADER_BYTES) {
                channel.close();
                Files.delete(path);
                log.warn("event journal {}: {} is shorter than its header (a crash while creating"
                        + " it): deleted", directory, path.getFileName());
                return;
            }
            ByteBuffer file = ByteBuffer.allocate((int) fileSize);
            Segment.readFully(channel, file, 0);
            if (!Segment.headerMatches(file, baseId)) {
                log.warn("event journal {}: {} has a damaged header; reading its records anyway",
                        directory, path.getFileName());
            }
            int end = scanRecords(file, (int) fileSize, baseId, upperExclusive, path);
            if (end < fileSize) {
                channel.truncate(end);
            }
            if (lastIdIn(baseId) == 0) {
                channel.close();
                Files.delete(path);
                log.info("event journal {}: {} holds no intact record: deleted", directory,
                        path.getFileName());
                return;
            }
            // What recovery found is exposed to the server, so it must be on disk, not only
            // in the page cache of a kernel that may still crash.
            channel.force(true);
            segments.put(baseId, Segment.recovered(path, baseId, channel, end, lastId));
            kept = true;
        } finally {
            if (!kept) {
                channel.close();
            }
        }
    }

    /** Id of the last intact record scanned in the segment starting at baseId, or 0. */
    private long lastIdIn(long baseId) {
        return lastId >= baseId ? lastId : 0;
    }

    /** Collects the segment's intact records; returns where its intact part ends. */
    private int scanRecords(ByteBuffer file, int size, long baseId, long upperExclusive,
            Path path) {
        int position = Segment.HEADER_BYTES;
        int end = position;
        while (position < size) {
            JournalRecord.Header header = intactRecord(file, position, size, baseId,
                    upperExclusive);
            if (header != null) {
                collect(header, position);
                position += header.recordLength();
                end = position;
                continue;
            }
            int resumed = nextIntactRecord(file, position + 1, size, baseId, upperExclusive);
            if (resumed < 0) {
                long damagedId = size - position >= JournalRecord.eventIdFieldEnd()
                        ? JournalRecord.eventIdField(file, position) : 0;
                boolean namesNextId = damagedId == lastId + 1 && damagedId >= baseId
                        && damagedId < upperExclusive;
                if (namesNextId) {
                    highestDamagedId = Math.max(highestDamagedId, damagedId);
                }
                log.warn("event journal {}: {}: truncated {} bytes at offset {} that are not a"
                        + " complete intact record (a write torn by a crash, or damage){}",
                        directory, path.getFileName(), size - position, position,
                        namesNextId ? "; it was event " + damagedId + ", counted as lost" : "");
                break;
            }
            log.warn("event journal {}: {}: skipped {} damaged bytes at offset {}; the damaged"
                    + " events are counted as lost", directory, path.getFileName(),
                    resumed - position, position);
            position = resumed;
        }
        return end;
    }

    private JournalRecord.Header intactRecord(ByteBuffer file, int position, int size,
            long baseId, long upperExclusive) {
        JournalRecord.Header header = JournalRecord.read(file, position, size);
        if (header == null) {
            return null;
        }
        long id = header.eventId();
        boolean inOrder = id > lastId && id >= baseId && id < upperExclusive;
        return inOrder ? header : null;
    }

    /** Byte-wise search for the next intact record; cheap checks before the CRC. */
    private int nextIntactRecord(ByteBuffer file, int from, int size, long baseId,
            long upperExclusive) {
        for (int position = from; position <= size - JournalRecord.HEADER_BYTES; position++) {
            long id = JournalRecord.eventIdField(file, position);
            if (id <= lastId || id < baseId || id >= upperExclusive) {
                continue;
            }
            if (intactRecord(file, position, size, baseId, upperExclusive) != null) {
                return position;
            }
        }
        return -1;
    }

    private void collect(JournalRecord.Header header, int position) {
        records.add(header.eventId(), position, header.recordLength(), header.appendMillis());
        lastId = header.eventId();
        maxRemovesThrough = Math.max(maxRemovesThrough, header.removesThrough());
        if (header.lostCount() > 0) {
            lossCounts.put(header.eventId(), header.lostCount());
        }
    }
}
