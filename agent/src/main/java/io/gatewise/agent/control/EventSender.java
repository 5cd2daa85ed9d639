package io.gatewise.agent.control;

import io.gatewise.agent.control.journal.EventJournal;
import io.gatewise.proto.v1.AgentMessage;
import io.gatewise.proto.v1.SaEvent;
import io.gatewise.proto.v1.SaEventBatch;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the journal's unacknowledged events on one {@code Connect} stream, and turns
 * the server's {@code EventAck}s into {@link EventJournal#acknowledge}.
 *
 * <pre>
 *   journal ──awaitEventsAfter(lastSent)──► peekAfter(lastSent, n) ──► SaEventBatch ──► stream
 *   stream ──EventAck(up_to)──► onAck (coalesced) ──► journal.acknowledge(up_to)  (this thread)
 * </pre>
 *
 * <p>{@code lastSent} starts at 0 for every stream, so everything the server has not
 * acknowledged is sent again after a reconnect; the server stores each id once. At most
 * {@code window} ids are in flight unacknowledged, and nothing is sent while gRPC's
 * outbound buffer is full ({@code isReady} false), so a slow server slows the sender
 * instead of filling the agent's memory. One thread per stream, ended by {@link #stop}.
 */
final class EventSender {
    private static final Logger log = LoggerFactory.getLogger(EventSender.class);
    /** Keeps a batch well below gRPC's default 4 MiB message limit. */
    static final int MAX_BATCH_BYTES = 1 << 20;
    private static final Duration POLL = Duration.ofMillis(50);

    private final EventJournal journal;
    private final Consumer<AgentMessage> send;
    private final BooleanSupplier ready;
    private final int maxBatchEvents;
    private final long window;
    private final AtomicLong ackedUpTo = new AtomicLong();
    private final Object signal = new Object();
    private final Thread thread;
    private volatile boolean running = true;
    private long applied;

    EventSender(EventJournal journal, Consumer<AgentMessage> send, BooleanSupplier ready, int maxBatchEvents,
            long window) {
        this.journal = journal;
        this.send = send;
        this.ready = ready;
        this.maxBatchEvents = maxBatchEvents;
        this.window = window;
        this.applied = journal.stats().acknowledgedThroughId();
        this.ackedUpTo.set(applied);
        this.thread = new Thread(this::run, "gatewise-events");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The server stored everything up to {@code upTo}. Any thread. */
    void onAck(long upTo) {
        ackedUpTo.accumulateAndGet(upTo, Math::max);
        wake();
    }

    /** gRPC's outbound buffer has room again. Any thread. */
    void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** Tells the thread to end, without waiting. */
    void stopSoon() {
        running = false;
        wake();
    }

    /**
     * Ends the thread; waits briefly so the journal can be closed after. Never interrupts
     * it: an interrupt during a read would close the journal's file channel.
     */
    void stop() {
        stopSoon();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long lastSent = 0;
        try {
            while (running) {
                applyAck();
                if (!ready.getAsBoolean() || lastSent - Math.max(applied, ackedUpTo.get()) >= window) {
                    synchronized (signal) {
                        signal.wait(POLL.toMillis());
                    }
                    continue;
                }
                if (!journal.awaitEventsAfter(lastSent, POLL)) {
                    continue;
                }
                try {
                    lastSent = sendBatches(journal.peekAfter(lastSent, maxBatchEvents), lastSent);
                } catch (IOException e) {
                    log.warn("cannot read the event queue: {}; trying again", e.toString());
                    synchronized (signal) {
                        signal.wait(POLL.toMillis() * 10);
                    }
                }
            }
        } catch (InterruptedException e) {
            // stopping
        } catch (IllegalStateException e) {
            log.debug("event sender ends: {}", e.getMessage()); // journal closed: the agent stops
        }
    }

    /** Sends the events in batches below {@link #MAX_BATCH_BYTES}; returns the last id sent. */
    private long sendBatches(List<SaEvent> events, long lastSent) {
        SaEventBatch.Builder batch = SaEventBatch.newBuilder();
        int bytes = 0;
        long last = lastSent;
        for (SaEvent event : events) {
            int size = event.getSerializedSize() + 8;
            if (batch.getEventsCount() > 0 && bytes + size > MAX_BATCH_BYTES) {
                send.accept(AgentMessage.newBuilder().setSaEvents(batch).build());
                batch = SaEventBatch.newBuilder();
                bytes = 0;
            }
            batch.addEvents(event);
            bytes += size;
            last = event.getEventId();
        }
        if (batch.getEventsCount() > 0) {
            send.accept(AgentMessage.newBuilder().setSaEvents(batch).build());
        }
        return last;
    }

    private void applyAck() {
        long upTo = ackedUpTo.get();
        if (upTo > applied) {
            try {
                journal.acknowledge(upTo);
            } catch (IOException e) {
                // Removed in memory all the same; after a restart they are sent again and
                // the server ignores them as duplicates.
                log.warn("could not record the server's acknowledgement up to event {}: {}", upTo, e.toString());
            }
            applied = upTo;
        }
    }
}
