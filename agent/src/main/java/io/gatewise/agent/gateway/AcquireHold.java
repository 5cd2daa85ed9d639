package io.gatewise.agent.gateway;

import java.util.HashMap;
import java.util.Map;

/**
 * Whether traffic for a trap policy without an SA (the datapath's acquire, as the kernel's
 * ACQUIRE for strongSwan's trap policies) may start a negotiation for the child now.
 *
 * <p>One initiation per child at a time: while the last one may still be under way (it
 * began less than the hold time ago and has not completed), further acquires are
 * ignored, so a burst of packets for an unreachable peer starts one Quick Mode, not one
 * per packet. A completed negotiation ends the hold. Otherwise an SA the peer deletes soon
 * after it came up (its operator dropped and re-added our tunnel, it restarted cleanly)
 * could only come back once the hold of the initiation that made it ran out, up to 30 s
 * of lost traffic for nothing; strongSwan's trap manager likewise ignores acquires only
 * while the SA it initiated is pending.
 *
 * <p>Engine thread only.
 */
final class AcquireHold {
    private record Key(String peer, String child) {
    }

    private final long holdMillis;
    private final Map<Key, Long> initiatedAt = new HashMap<>();

    AcquireHold(long holdMillis) {
        this.holdMillis = holdMillis;
    }

    /**
     * An acquire for the child: true (and the hold starts) when no initiation of it may be
     * under way, false when the acquire is to be ignored.
     */
    boolean tryInitiate(String peer, String child, long now) {
        Key key = new Key(peer, child);
        Long last = initiatedAt.get(key);
        if (last != null && now - last < holdMillis) {
            return false;
        }
        initiatedAt.put(key, now);
        return true;
    }

    /** A negotiation for the child started otherwise (start action, operator bring-up): holds acquires too. */
    void initiated(String peer, String child, long now) {
        initiatedAt.put(new Key(peer, child), now);
    }

    /** A CHILD SA for the child was established: no initiation is pending any more. */
    void negotiated(String peer, String child) {
        initiatedAt.remove(new Key(peer, child));
    }

    /** The next packet for any child of the peer may initiate (peer dead, tunnel removed, cleared). */
    void release(String peer) {
        initiatedAt.keySet().removeIf(k -> k.peer().equals(peer));
    }
}
