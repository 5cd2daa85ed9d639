package io.gatewise.agent.datapath;

import java.util.concurrent.atomic.AtomicLong;

/** Drops and events not tied to one SA. */
public final class DatapathCounters {
    public final AtomicLong noPolicy = new AtomicLong();
    public final AtomicLong noSa = new AtomicLong();
    public final AtomicLong unknownSpi = new AtomicLong();
    public final AtomicLong malformed = new AtomicLong();
    public final AtomicLong keepalives = new AtomicLong();
    public final AtomicLong nonEsp = new AtomicLong();
    public final AtomicLong fragmentationNeeded = new AtomicLong();
    public final AtomicLong fragmented = new AtomicLong();
    public final AtomicLong mssClamped = new AtomicLong();
    public final AtomicLong tunWrites = new AtomicLong();
    /** Decrypted packets whose SA's tunnel interface was already removed. */
    public final AtomicLong noInterface = new AtomicLong();

    @Override
    public String toString() {
        return "noPolicy=" + noPolicy + " noSa=" + noSa + " unknownSpi=" + unknownSpi + " malformed=" + malformed
                + " keepalives=" + keepalives + " nonEsp=" + nonEsp + " fragNeeded=" + fragmentationNeeded
                + " fragmented=" + fragmented + " mssClamped=" + mssClamped + " tunWrites=" + tunWrites
                + " noInterface=" + noInterface;
    }
}
