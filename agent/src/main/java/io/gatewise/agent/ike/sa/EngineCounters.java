package io.gatewise.agent.ike.sa;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Datagram counters of one engine; written on the engine thread, readable from any. */
public final class EngineCounters {
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong retransmitted = new AtomicLong();
    private final Map<DropReason, AtomicLong> dropped = new EnumMap<>(DropReason.class);

    public EngineCounters() {
        for (DropReason r : DropReason.values()) {
            dropped.put(r, new AtomicLong());
        }
    }

    public void received() {
        received.incrementAndGet();
    }

    public void sent() {
        sent.incrementAndGet();
    }

    public void retransmitted() {
        retransmitted.incrementAndGet();
    }

    public void dropped(DropReason reason) {
        dropped.get(reason).incrementAndGet();
    }

    public long receivedCount() {
        return received.get();
    }

    public long sentCount() {
        return sent.get();
    }

    public long retransmittedCount() {
        return retransmitted.get();
    }

    public long droppedCount(DropReason reason) {
        return dropped.get(reason).get();
    }

    public long droppedTotal() {
        return dropped.entrySet().stream().filter(e -> e.getKey() != DropReason.DUPLICATE)
                .mapToLong(e -> e.getValue().get()).sum();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("received=" + received + " sent=" + sent + " retransmitted="
                + retransmitted);
        dropped.forEach((k, v) -> {
            if (v.get() > 0) {
                b.append(' ').append(k.name().toLowerCase()).append('=').append(v.get());
            }
        });
        return b.toString();
    }
}
