package io.gatewise.agent.control;

import io.gatewise.agent.control.journal.EventJournal;
import io.gatewise.agent.events.SaEventSink;
import io.gatewise.agent.events.TunnelEvent;
import io.gatewise.proto.v1.SaEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The engine's {@link SaEventSink}: each event goes to the on-disk journal before the call returns. */
final class JournalEventSink implements SaEventSink {
    private static final Logger log = LoggerFactory.getLogger(JournalEventSink.class);

    private final EventJournal journal;
    private final AtomicLong refused = new AtomicLong();

    JournalEventSink(EventJournal journal) {
        this.journal = journal;
    }

    @Override
    public long report(TunnelEvent event) {
        try {
            return journal.append(EventMapping.event(event));
        } catch (IOException | RuntimeException e) {
            refusedOne(event.kind() + " of tunnel '" + event.tunnel() + "'", e, 1);
            return 0;
        }
    }

    @Override
    public long[] reportAll(List<TunnelEvent> events) {
        List<SaEvent> mapped = new ArrayList<>(events.size());
        events.forEach(e -> mapped.add(EventMapping.event(e)));
        try {
            return journal.appendAll(mapped);
        } catch (IOException | RuntimeException e) {
            refusedOne(events.size() + " events", e, events.size());
            return new long[events.size()];
        }
    }

    /** Events the journal could not take since start. */
    long refusedTotal() {
        return refused.get();
    }

    private void refusedOne(String what, Exception e, int count) {
        long total = refused.addAndGet(count);
        // One warning per failure is enough to notice; the count says how many followed.
        log.warn("event queue refused {} ({} refused so far): {}", what, total, e.toString());
    }
}
