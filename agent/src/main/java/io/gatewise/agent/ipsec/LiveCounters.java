package io.gatewise.agent.ipsec;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one SA, updated by datapath threads; {@link #snapshot} for status reports. */
public final class LiveCounters {
    final AtomicLong packets = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong replayDrops = new AtomicLong();
    final AtomicLong authFailures = new AtomicLong();
    final AtomicLong otherDrops = new AtomicLong();
    volatile long lastPacketMillis;

    public void addReplayDrop() {
        replayDrops.incrementAndGet();
    }

    public void addAuthFailure() {
        authFailures.incrementAndGet();
    }

    public void addOtherDrop() {
        otherDrops.incrementAndGet();
    }

    public long bytes() {
        return bytes.get();
    }

    public SaCounters snapshot() {
        return new SaCounters(packets.get(), bytes.get(), replayDrops.get(), authFailures.get(), otherDrops.get(),
                lastPacketMillis);
    }
}
