package io.gatewise.agent.events;

import java.util.List;

/**
 * Where the IKE engine reports what it did. Thread-safe. {@link #report} returns once the
 * event is durable (on the agent's disk queue, about one fsync shared with concurrent
 * reporters), so call it from the engine's driver thread, not from a packet hot path that
 * must not block; {@link #reportAll} makes several events durable with one fsync.
 *
 * <p>Reporting never throws: when the queue cannot take an event (disk error, queue
 * closed) the failure is logged and counted, and the engine goes on; an audit gap is
 * better than a tunnel that does not come up.
 */
public interface SaEventSink {

    /** Reports one event; returns its per-gateway id, or 0 when it could not be queued. */
    long report(TunnelEvent event);

    /** Reports several events in order with one commit; returns their ids (0 = not queued). */
    long[] reportAll(List<TunnelEvent> events);

    /** A sink that forgets everything, for tests and the standalone mode. */
    SaEventSink DISCARD = new SaEventSink() {
        @Override
        public long report(TunnelEvent event) {
            return 0;
        }

        @Override
        public long[] reportAll(List<TunnelEvent> events) {
            return new long[events.size()];
        }
    };
}
