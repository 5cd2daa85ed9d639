package io.gatewise.agent.control.journal;

import io.gatewise.proto.v1.EventKind;
import io.gatewise.proto.v1.SaEvent;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's on-disk queue of {@link SaEvent}s, between the IKE engine and the
 * {@code Connect} stream: at-least-once delivery across server outages, reconnects and
 * agent restarts, within a fixed disk budget.
 *
 * <h2>Flow</h2>
 * <pre>
 *  IKE threads ──append()──► assign event_id ──► pending ──group commit (1 write + 1 fsync
 *                                                          for all waiting appenders)──► segment
 *  sender ──awaitEventsAfter / peekAfter(lastSent, n)──► SaEventBatch ──► server
 *  server EventAck(up_to) ──acknowledge()──► checkpoint (atomic) ──► delete acked segments
 * </pre>
 *
 * <ul>
 * <li>{@link #append} assigns the next per-gateway id (1, 2, 3 ... never reused, also across
 *     restarts) and returns once the event is forced to disk. Concurrent appenders share
 *     one fsync: whoever finds no commit running writes and forces everything queued so far
 *     while later appenders queue up for the next one (leader/follower group commit; a
 *     new leader waits up to 0.1 ms for as many appenders as shared the previous commit,
 *     which stops the convoy where commits alternate between one record and the rest).
 * <li>{@link #peekAfter} returns durable, unacknowledged events, oldest first. The sender
 *     remembers the last id it sent on the current stream and starts again from 0 after a
 *     reconnect: everything not acknowledged is then sent again.
 * <li>{@link #acknowledge} removes every event up to an id, durably. Acks for ids already
 *     removed are ignored. An ack beyond every id this journal assigned means the server
 *     knows ids from an earlier life of this gateway (the journal directory was lost):
 *     the journal then continues numbering after that id, so that new events are not
 *     discarded by the server as duplicates; this is logged.
 * <li>When an append would exceed {@link JournalLimits}, the oldest unacknowledged events
 *     are dropped (down to 15/16 of the limit), one line is logged, and an
 *     {@link EventKind#EVENT_KIND_EVENTS_DROPPED EVENTS_DROPPED} event is queued before the
 *     new event. Its {@code dropped_count} is the number of ids the drop removed, plus the
 *     counts of earlier drop notices it removed, so that at the server the sum of all
 *     {@code dropped_count}s received equals the number of ids never received; it is
 *     larger when a dropped event had already been sent but was not yet acknowledged.
 * </ul>
 *
 * <h2>On disk</h2>
 * <pre>
 * journal-dir/
 *   journal.lock                        locked while open: one journal user per directory
 *   checkpoint                          44 bytes, replaced atomically
 *   segment-00000000000000000001.log    append-only, named after its first event id;
 *   segment-00000000000000004711.log    deleted once every event in it is removed
 *
 * segment = header, then records back to back, ids strictly increasing
 *   0        4        8                   16
 *   +--------+--------+-------------------+
 *   | "GWJS" | ver 1  |  base id (u64)    |
 *   +--------+--------+-------------------+
 *
 * record, big-endian; CRC32C over bytes 0..4 and 8..end
 *   0              4              8                             16
 *   +--------------+--------------+-----------------------------+
 *   | body length  |   CRC32C     |       event id (u64)        |
 *   +--------------+--------------+-----------------------------+
 *   |      append time, ms since the epoch (i64)                |
 *   +-----------------------------------------------------------+ 24
 *   |      removes-through (u64): for a drop notice the highest |
 *   |      id it dropped, else 0                                |
 *   +-----------------------------------------------------------+ 32
 *   |      lost count (u64): a drop notice's dropped_count      |
 *   +-----------------------------------------------------------+ 40
 *   |      body: the SaEvent in protobuf, event_id left out     |
 *   |      (body length bytes, at most 1 MiB)                   |
 *   +-----------------------------------------------------------+
 *
 * checkpoint = "GWJC" | ver 1 | removed-through | acknowledged-through | highest-assigned
 *              | loss-reported-through (4 x u64) | CRC32C of the 40 bytes before it
 * </pre>
 *
 * <p>A drop is made durable by its notice's removes-through field, in the same group commit
 * as the notice itself, so a crash can neither bring dropped events back nor lose the
 * notice. Acknowledgements are made durable by the checkpoint (write a temporary file,
 * fsync, rename, fsync the directory). A segment is deleted only once every id in it is
 * durably removed. Recovery on {@link #open} is described in {@link JournalRecovery}: a
 * torn or damaged tail is truncated and logged, damaged records in the middle are skipped,
 * ids that were durable once and are gone are announced with a drop notice, and the next
 * id follows the highest id ever made durable or acknowledged.
 *
 * <p>Thread-safe. {@link #append} blocks for about one fsync (0.2 ms on this machine's
 * idle disk, a few ms when it is busy), however many threads append together;
 * {@link #acknowledge} writes the checkpoint (two fsyncs) and is meant for the one sender
 * thread, once per batch.
 */
public final class EventJournal implements Closeable {

    static final String LOCK_FILE_NAME = "journal.lock";
    /** Upper bound of a drop notice's record: timestamp, kind and dropped_count fields. */
    static final int DROP_NOTICE_BOUND = JournalRecord.HEADER_BYTES + 32;

    /** Longest a would-be commit leader waits for company; an fsync takes 0.2 ms or more. */
    private static final long LINGER_NANOS = 100_000;

    private static final Logger log = LoggerFactory.getLogger(EventJournal.class);

    private final Path directory;
    private final JournalLimits limits;
    private final Clock clock;
    private final FileChannel lockChannel;
    /** Ids found gone by recovery, announced once the journal is open. */
    private final long lostOnOpen;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when events become durable, when a commit fails and on close. */
    private final Condition progress = lock.newCondition();
    /** Signalled when the pending batch reaches the size a lingering leader waits for. */
    private final Condition batchGrew = lock.newCondition();
    /** Readers hold it shared while reading segments; deleting or closing them holds it. */
    private final ReentrantReadWriteLock segmentLifecycle = new ReentrantReadWriteLock();
    /** Serialises checkpoint writers; taken before {@link #lock}, never after. */
    private final ReentrantLock checkpointLock = new ReentrantLock();

    // Guarded by lock.
    private final NavigableMap<Long, Segment> segments;
    private final RecordIndex index;
    /** dropped_count of each queued drop notice, by id, to carry into a later notice. */
    private final NavigableMap<Long, Long> lossCounts;
    /** Queued ids found damaged when read, so each is counted and logged once. */
    private final NavigableSet<Long> damagedIds = new TreeSet<>();
    private Segment tail;
    private long queuedBytes;
    private long nextId;
    /** Every id up to this one is acknowledged or dropped, in memory. */
    private long removedThrough;
    /** Every id up to this one is removed in the checkpoint or by a durable drop notice. */
    private long removedThroughDurable;
    private long acknowledgedThrough;
    /** Every id up to this one is forced to disk (or was never written). */
    private long durableThrough;
    private long lossReportedThrough;
    private Checkpoint lastCheckpoint;
    private List<PendingRecord> pending = new ArrayList<>();
    private boolean committing;
    /** Records in the last group commit; the next leader waits briefly for as many. */
    private int lastCommitSize;
    /** While a would-be leader lingers: the batch size it waits for, else 0. */
    private int lingerTarget;
    private IOException failure;
    private boolean closed;
    private long droppedTotal;
    private long appendedTotal;
    private long groupCommits;
    private int waitingAppenders;

    /** Used only by the commit leader, handed from leader to leader through {@link #lock}. */
    private final BatchWriter writer;

    private EventJournal(Path directory, JournalLimits limits, Clock clock, ForceHook forceHook,
            FileChannel lockChannel, JournalRecovery.Result recovered) {
        this.directory = directory;
        this.limits = limits;
        this.clock = clock;
        this.lockChannel = lockChannel;
        this.writer = new BatchWriter(directory, forceHook);
        this.lostOnOpen = recovered.lostIds();
        this.segments = recovered.segments();
        this.index = recovered.index();
        this.lossCounts = recovered.lossCounts();
        this.queuedBytes = recovered.queuedBytes();
        this.nextId = recovered.nextId();
        this.removedThrough = recovered.removedThrough();
        this.removedThroughDurable = recovered.removedThrough();
        this.durableThrough = recovered.nextId() - 1;
        this.acknowledgedThrough = recovered.checkpoint().acknowledgedThrough();
        this.lossReportedThrough = recovered.checkpoint().lossReportedThrough();
        this.lastCheckpoint = recovered.checkpoint();
        Map.Entry<Long, Segment> last = segments.lastEntry();
        this.tail = last != null && last.getValue().size < limits.segmentBytes()
                ? last.getValue() : null;
    }

    /** Opens (creating it if needed) and recovers the journal in {@code directory}. */
    public static EventJournal open(Path directory, JournalLimits limits) throws IOException {
        return open(directory, limits, Clock.systemUTC());
    }

    /** As {@link #open(Path, JournalLimits)}, with the clock for timestamps and ages. */
    public static EventJournal open(Path directory, JournalLimits limits, Clock clock)
            throws IOException {
        return open(directory, limits, clock, ForceHook.NONE);
    }

    static EventJournal open(Path directory, JournalLimits limits, Clock clock,
            ForceHook forceHook) throws IOException {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(clock, "clock");
        Files.createDirectories(directory);
        FileChannel lockChannel = FileChannel.open(directory.resolve(LOCK_FILE_NAME),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        EventJournal journal;
        try {
            FileLock fileLock;
            try {
                fileLock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                fileLock = null;
            }
            if (fileLock == null) {
                throw new IOException("event journal " + directory
                        + " is already open (in this process or another)");
            }
            journal = new EventJournal(directory, limits, clock, forceHook, lockChannel,
                    JournalRecovery.recover(directory));
        } catch (IOException | RuntimeException e) {
            lockChannel.close(); // also releases the lock
            throw e;
        }
        try {
            journal.afterRecovery();
        } catch (IOException | RuntimeException e) {
            try {
                journal.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return journal;
    }

    private void afterRecovery() throws IOException {
        long lost = lostOnOpen;
        log.info("event journal {}: opened; {} events queued, next id {}", directory,
                index.size(), nextId);
        if (lost > 0) {
            long noticeId;
            lock.lock();
            try {
                droppedTotal += lost;
                noticeId = enqueueDropNotice(lost, 0, clock.millis());
                awaitDurable(noticeId);
                lossReportedThrough = noticeId;
            } finally {
                lock.unlock();
            }
            log.warn("event journal {}: {} events that were on disk once are gone (damage or a"
                    + " crash); EVENTS_DROPPED event {} tells the server", directory, lost,
                    noticeId);
            checkpointLock.lock();
            try {
                writeCheckpoint();
            } finally {
                checkpointLock.unlock();
            }
        }
        retireSegments();
    }

    /**
     * Assigns the event the next id and makes it durable; returns the id. The event's own
     * {@code event_id} is ignored; a zero {@code timestamp_millis} is set to now. May drop
     * the oldest unacknowledged events to stay within the limits.
     *
     * @throws IOException when the event could not be written; the journal then refuses
     *         further appends until it is reopened (which recovers what was written)
     * @throws IllegalArgumentException when the event alone is too large for the limits
     * @throws IllegalStateException when the journal is closed
     */
    public long append(SaEvent event) throws IOException {
        return appendAll(List.of(event))[0];
    }

    /**
     * As {@link #append} for several events, in order, made durable by one commit: for a
     * thread that has a few events at once, one fsync instead of one each. Their ids are
     * increasing, and consecutive unless a drop notice lands between them.
     *
     * @return the ids assigned, in the order of {@code events}
     */
    public long[] appendAll(List<SaEvent> events) throws IOException {
        long now = clock.millis();
        byte[][] bodies = new byte[events.size()][];
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = body(events.get(i), now);
        }
        long[] ids = new long[bodies.length];
        if (ids.length == 0) {
            return ids;
        }
        boolean dropped = false;
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("event journal " + directory + " is closed");
            }
            if (failure != null) {
                throw new IOException("event journal " + directory
                        + " failed to write earlier; reopen it to recover", failure);
            }
            for (int i = 0; i < bodies.length; i++) {
                dropped |= makeRoom(JournalRecord.HEADER_BYTES + bodies[i].length, now);
                ids[i] = enqueue(bodies[i], now, 0, 0);
                appendedTotal++;
            }
            awaitDurable(ids[ids.length - 1]);
        } finally {
            lock.unlock();
        }
        if (dropped) {
            retireSegments();
        }
        return ids;
    }

    /** The record body of an event: without its id, with a timestamp; size checked. */
    private byte[] body(SaEvent event, long now) {
        SaEvent.Builder builder = event.toBuilder().clearEventId();
        if (builder.getTimestampMillis() == 0) {
            builder.setTimestampMillis(now);
        }
        byte[] body = builder.build().toByteArray();
        if (body.length > JournalRecord.MAX_BODY_BYTES || JournalRecord.HEADER_BYTES
                + body.length + DROP_NOTICE_BOUND > limits.maxBytes()) {
            throw new IllegalArgumentException("an event of " + body.length
                    + " bytes does not fit a journal of at most " + limits.maxBytes() + " bytes");
        }
        return body;
    }

    /** The oldest durable unacknowledged events, at most {@code maxEvents}. */
    public List<SaEvent> peek(int maxEvents) throws IOException {
        return peekAfter(0, maxEvents);
    }

    /**
     * Durable unacknowledged events with ids greater than {@code afterEventId}, oldest
     * first, at most {@code maxEvents}; each carries its {@code event_id}. An event whose
     * bytes turn out damaged is logged, counted as dropped and left out.
     */
    public List<SaEvent> peekAfter(long afterEventId, int maxEvents) throws IOException {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be positive: " + maxEvents);
        }
        segmentLifecycle.readLock().lock();
        try {
            int count = 0;
            long[] ids;
            long[] offsets;
            int[] lengths;
            Segment[] where;
            lock.lock();
            try {
                ensureOpen();
                int from = index.firstAfter(afterEventId);
                int capacity = Math.min(maxEvents, index.size() - from);
                ids = new long[capacity];
                offsets = new long[capacity];
                lengths = new int[capacity];
                where = new Segment[capacity];
                for (int position = from; count < capacity; position++, count++) {
                    long id = index.id(position);
                    if (id > durableThrough) {
                        break;
                    }
                    ids[count] = id;
                    offsets[count] = index.offset(position);
                    lengths[count] = index.length(position);
                    where[count] = segments.floorEntry(id).getValue();
                }
            } finally {
                lock.unlock();
            }
            return BatchReader.read(count, ids, offsets, lengths, where, this::unreadable);
        } finally {
            segmentLifecycle.readLock().unlock();
        }
    }

    private void unreadable(long id, Segment segment) {
        lock.lock();
        try {
            if (id <= removedThrough || !damagedIds.add(id)) {
                return; // removed meanwhile, or reported on an earlier read
            }
            droppedTotal++;
        } finally {
            lock.unlock();
        }
        log.error("event journal {}: event {} in {} is damaged on disk and cannot be sent;"
                + " counted as dropped", directory, id, segment);
    }

    /**
     * Waits until a durable unacknowledged event with an id greater than
     * {@code afterEventId} exists, or the timeout passes, or the journal is closed.
     *
     * @return whether such an event exists
     */
    public boolean awaitEventsAfter(long afterEventId, Duration timeout)
            throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (!closed) {
                int position = index.firstAfter(afterEventId);
                if (position < index.size() && index.id(position) <= durableThrough) {
                    return true;
                }
                if (nanos <= 0) {
                    return false;
                }
                nanos = progress.awaitNanos(nanos);
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes every event with an id up to {@code upToEventId} (the server's
     * {@code EventAck}), durably. Ids already removed are ignored.
     *
     * @throws IOException when the checkpoint could not be written; the events stay
     *         removed in memory and would be sent again after a restart
     */
    public void acknowledge(long upToEventId) throws IOException {
        checkpointLock.lock();
        try {
            lock.lock();
            try {
                ensureOpen();
                if (upToEventId <= removedThrough) {
                    acknowledgedThrough = Math.max(acknowledgedThrough, upToEventId);
                    return;
                }
                boolean beyondAssigned = upToEventId >= nextId;
                if (beyondAssigned) {
                    log.warn("event journal {}: the server acknowledged event {} but this journal"
                            + " assigned ids only up to {} (was it reset?); continuing with id {}"
                            + " so that new events are not taken for ones already stored",
                            directory, upToEventId, nextId - 1, upToEventId + 1);
                    nextId = upToEventId + 1;
                }
                while (!index.isEmpty() && index.id(0) <= upToEventId) {
                    queuedBytes -= index.length(0);
                    index.removeFirst();
                }
                lossCounts.headMap(upToEventId, true).clear();
                damagedIds.headSet(upToEventId, true).clear();
                removedThrough = upToEventId;
                acknowledgedThrough = upToEventId;
                if (beyondAssigned) {
                    // Still holding the lock: no new id is handed out before the new floor
                    // is durable.
                    writeCheckpoint();
                }
            } finally {
                lock.unlock();
            }
            writeCheckpoint();
        } finally {
            checkpointLock.unlock();
        }
        retireSegments();
    }

    /** A consistent snapshot of the counters. */
    public JournalStats stats() {
        lock.lock();
        try {
            Duration age = index.isEmpty() ? Duration.ZERO
                    : Duration.ofMillis(Math.max(0, clock.millis() - index.appendMillis(0)));
            return new JournalStats(index.size(), queuedBytes, droppedTotal, age, nextId - 1,
                    acknowledgedThrough, appendedTotal, groupCommits);
        } finally {
            lock.unlock();
        }
    }

    /** Appenders currently waiting for their group commit (for tests). */
    int waitingAppenders() {
        lock.lock();
        try {
            return waitingAppenders;
        } finally {
            lock.unlock();
        }
    }

    public Path directory() {
        return directory;
    }

    /**
     * Lets appends already under way finish, then closes the files and releases the
     * directory. Later calls other than {@link #stats} and {@code close} fail.
     */
    @Override
    public void close() throws IOException {
        List<Segment> open;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            while (committing || (!pending.isEmpty() && failure == null)) {
                if (committing) {
                    progress.awaitUninterruptibly();
                } else {
                    commitPending();
                }
            }
            progress.signalAll();
            open = new ArrayList<>(segments.values());
        } finally {
            lock.unlock();
        }
        IOException error = null;
        segmentLifecycle.writeLock().lock();
        try {
            for (Segment segment : open) {
                try {
                    segment.close();
                } catch (IOException e) {
                    error = chain(error, e);
                }
            }
        } finally {
            segmentLifecycle.writeLock().unlock();
        }
        try {
            lockChannel.close();
        } catch (IOException e) {
            error = chain(error, e);
        }
        if (error != null) {
            throw error;
        }
    }

    // ---------------------------------------------------------------- appending

    /**
     * Drops the oldest events when the new record would not fit, and queues the drop
     * notice. Holds the lock.
     *
     * @return whether anything was dropped
     */
    private boolean makeRoom(int recordBytes, long now) {
        int maxEvents = limits.maxEvents();
        long maxBytes = limits.maxBytes();
        if (index.size() + 1 <= maxEvents && queuedBytes + recordBytes <= maxBytes) {
            return false;
        }
        int queuedBefore = index.size();
        long bytesBefore = queuedBytes;
        // Drop down to 15/16 of the limits, so that a sustained overflow produces one
        // notice per sixteenth of the queue, not one per event.
        int eventSlack = maxEvents / 16;
        long byteSlack = maxBytes / 16;
        long firstDropped = index.id(0);
        long lastDropped = firstDropped;
        long count = 0;
        while (!index.isEmpty() && (index.size() + 2 + eventSlack > maxEvents
                || queuedBytes + recordBytes + DROP_NOTICE_BOUND + byteSlack > maxBytes)) {
            lastDropped = index.id(0);
            queuedBytes -= index.length(0);
            index.removeFirst();
            count++;
        }
        Map<Long, Long> droppedNotices = lossCounts.headMap(lastDropped, true);
        long carried = droppedNotices.values().stream().mapToLong(Long::longValue).sum();
        droppedNotices.clear();
        damagedIds.headSet(lastDropped, true).clear();
        removedThrough = lastDropped;
        droppedTotal += count;
        long noticeId = enqueueDropNotice(count + carried, lastDropped, now);
        log.warn("event journal {}: full ({} events, {} bytes queued; limits {} events, {} bytes):"
                + " dropped the {} oldest unacknowledged events, ids {}..{}; EVENTS_DROPPED event"
                + " {} reports {} lost; {} dropped since start", directory, queuedBefore,
                bytesBefore, maxEvents, maxBytes, count, firstDropped, lastDropped, noticeId,
                count + carried, droppedTotal);
        return true;
    }

    private long enqueueDropNotice(long lost, long removesThrough, long now) {
        byte[] body = SaEvent.newBuilder()
                .setTimestampMillis(now)
                .setKind(EventKind.EVENT_KIND_EVENTS_DROPPED)
                .setDroppedCount(lost)
                .build()
                .toByteArray();
        long id = enqueue(body, now, removesThrough, lost);
        lossCounts.put(id, lost);
        appendedTotal++;
        return id;
    }

    /** Assigns the id and the place on disk, and queues the record. Holds the lock. */
    private long enqueue(byte[] body, long appendMillis, long removesThrough, long lostCount) {
        long id = nextId++;
        ByteBuffer record = JournalRecord.encode(id, appendMillis, removesThrough, lostCount,
                body);
        int length = record.capacity();
        Segment segment = tail;
        if (segment == null || (segment.size + length > limits.segmentBytes()
                && segment.size > Segment.HEADER_BYTES)) {
            segment = Segment.planned(directory, id);
            segments.put(id, segment);
            tail = segment;
        }
        long offset = segment.size;
        segment.size += length;
        segment.lastId = id;
        index.add(id, offset, length, appendMillis);
        queuedBytes += length;
        pending.add(new PendingRecord(segment, offset, record, id, removesThrough));
        if (lingerTarget > 0 && pending.size() >= lingerTarget) {
            batchGrew.signal();
        }
        return id;
    }

    /** Returns once {@code id} is durable, leading group commits as needed. Holds the lock. */
    private void awaitDurable(long id) throws IOException {
        waitingAppenders++;
        try {
            while (durableThrough < id) {
                if (failure != null) {
                    throw new IOException("event journal " + directory + " could not write event "
                            + id, failure);
                }
                if (committing) {
                    progress.awaitUninterruptibly();
                } else {
                    lingerForCompanions();
                    commitPending();
                }
            }
        } finally {
            waitingAppenders--;
        }
    }

    /**
     * Before leading a commit, waits briefly for as many appenders as shared the last one.
     *
     * <p>Without this, concurrent appenders fall into a convoy: the leader of a commit
     * returns first, appends again at once and starts a commit of one record, while the
     * others, just woken, queue up behind it; commits then alternate between one record and
     * all the rest, halving the sharing. Waiting at most {@link #LINGER_NANOS} (a fraction of
     * an fsync) for the last commit's company to come back restores it. A single appender
     * never waits: its last commit had no company. Holds the lock.
     */
    private void lingerForCompanions() {
        int target = lastCommitSize;
        if (pending.size() >= target) {
            return;
        }
        committing = true; // others queue up meanwhile instead of leading
        lingerTarget = target;
        try {
            long nanos = LINGER_NANOS;
            while (pending.size() < target && nanos > 0) {
                nanos = batchGrew.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lingerTarget = 0;
            committing = false;
        }
    }

    /**
     * One group commit: takes everything pending, writes and forces it without holding the
     * lock (appenders keep queueing meanwhile), then publishes it as durable. Holds the
     * lock on entry and exit.
     */
    private void commitPending() {
        List<PendingRecord> batch = pending;
        pending = new ArrayList<>(Math.max(16, batch.size()));
        committing = true;
        lastCommitSize = batch.size();
        long batchLast = batch.get(batch.size() - 1).id();
        long batchRemoves = 0;
        for (PendingRecord record : batch) {
            batchRemoves = Math.max(batchRemoves, record.removesThrough());
        }
        lock.unlock();
        int forced = 0;
        IOException error = null;
        try {
            forced = writer.writeAndForce(batch);
        } catch (IOException e) {
            error = e;
        } catch (RuntimeException e) {
            error = new IOException(e);
        } finally {
            lock.lock();
        }
        committing = false;
        groupCommits += forced;
        if (error == null) {
            durableThrough = batchLast;
            removedThroughDurable = Math.max(removedThroughDurable, batchRemoves);
        } else if (failure == null) {
            failure = error;
            log.error("event journal {}: writing events {}..{} failed; appends fail until the"
                    + " journal is reopened", directory, batch.get(0).id(), batchLast, error);
        }
        progress.signalAll();
    }

    // ---------------------------------------------------------------- removing

    /** Writes the checkpoint if it changed. Holds {@link #checkpointLock}. */
    private void writeCheckpoint() throws IOException {
        Checkpoint next;
        lock.lock();
        try {
            long removed = Math.max(removedThroughDurable, acknowledgedThrough);
            next = new Checkpoint(removed, acknowledgedThrough, Math.max(durableThrough, removed),
                    lossReportedThrough);
            if (next.equals(lastCheckpoint)) {
                return;
            }
        } finally {
            lock.unlock();
        }
        next.write(directory);
        lock.lock();
        try {
            lastCheckpoint = next;
            removedThroughDurable = Math.max(removedThroughDurable, next.removedThrough());
        } finally {
            lock.unlock();
        }
    }

    /** Deletes the oldest segments whose every id is durably removed and written. */
    private void retireSegments() {
        List<Segment> doomed = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            long safe = Math.min(removedThroughDurable, durableThrough);
            Iterator<Segment> oldestFirst = segments.values().iterator();
            while (oldestFirst.hasNext()) {
                Segment segment = oldestFirst.next();
                if (segment == tail || segment.lastId > safe) {
                    break;
                }
                doomed.add(segment);
                oldestFirst.remove();
            }
        } finally {
            lock.unlock();
        }
        if (doomed.isEmpty()) {
            return;
        }
        segmentLifecycle.writeLock().lock();
        try {
            for (Segment segment : doomed) {
                try {
                    segment.closeAndDelete();
                } catch (IOException e) {
                    log.warn("event journal {}: could not delete {}: {}", directory, segment,
                            e.toString());
                }
            }
        } finally {
            segmentLifecycle.writeLock().unlock();
        }
        try {
            Checkpoint.forceDirectory(directory);
        } catch (IOException e) {
            log.warn("event journal {}: could not force the directory: {}", directory,
                    e.toString());
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("event journal " + directory + " is closed");
        }
    }

    private static IOException chain(IOException first, IOException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }
}
