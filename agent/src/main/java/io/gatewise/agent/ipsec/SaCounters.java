package io.gatewise.agent.ipsec;

/**
 * A snapshot of one SA's counters.
 *
 * @param lastPacketEpochMillis wall-clock time of the last valid packet, 0 if none yet
 */
public record SaCounters(long packets, long bytes, long replayDrops, long authFailures,
        long otherDrops, long lastPacketEpochMillis) {
}
