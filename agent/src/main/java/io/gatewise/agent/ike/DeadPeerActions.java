package io.gatewise.agent.ike;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.gatewise.agent.ike.config.DpdSettings;

/**
 * What the engine does for peers that Dead Peer Detection declared dead (RFC 3706 leaves
 * the reaction to the implementation; these are strongSwan's three):
 *
 * <pre>
 *   RESTART ─► re-initiate at once (phase 1 + every child); while the peer stays
 *              unreachable and each attempt fails, try again after 1, 2, 4 … 60 s;
 *              stops when an IKE SA with the peer is established (either side
 *              initiated), or the peer is removed or terminated
 *   CLEAR   ─► stay down: {@link #cleared} tells the datapath glue not to renegotiate
 *              on traffic, until the peer initiates or we are told to initiate
 *   HOLD    ─► stay down until traffic for the tunnel appears (the datapath's trap
 *              policies ask the engine to initiate, as for ON_TRAFFIC tunnels; a RESPOND
 *              tunnel gets its trap from the gateway only now, DpdHoldTraps); for a
 *              network of peers, which cannot be initiated to, the engine applies CLEAR
 * </pre>
 *
 * Single-threaded (the engine's). Times are the engine's monotonic clock.
 */
final class DeadPeerActions {
    static final long FIRST_BACKOFF_MILLIS = 1000;
    static final long MAX_BACKOFF_MILLIS = 60_000;
    /** While an attempt negotiates, its outcome is looked at this often. */
    static final long POLL_MILLIS = 500;

    private static final class Restart {
        long nextCheck;
        int attempts;
        boolean running;
    }

    private final Map<String, Restart> restarts = new LinkedHashMap<>();
    private final Set<String> cleared = new HashSet<>();

    /** The peer was declared dead. */
    void dead(String peer, DpdSettings.Action action, long now) {
        switch (action) {
            case RESTART -> {
                Restart r = new Restart();
                r.nextCheck = now;
                restarts.put(peer, r);
            }
            case CLEAR -> cleared.add(peer);
            case HOLD -> {
                // nothing to schedule: traffic on the trap policies renegotiates
            }
        }
    }

    /** Peers restarting whose state must be looked at now ({@link #shouldInitiate}). */
    List<String> due(long now) {
        List<String> out = new ArrayList<>();
        restarts.forEach((peer, r) -> {
            if (now >= r.nextCheck) {
                out.add(peer);
            }
        });
        return out;
    }

    /**
     * Decides for a due peer: initiate now (and count the attempt), or wait because an
     * attempt is still negotiating or because the backoff after a failed one runs.
     *
     * @param negotiating an IKE SA with the peer exists (our attempt, still connecting)
     */
    boolean shouldInitiate(String peer, boolean negotiating, long now) {
        Restart r = restarts.get(peer);
        if (r == null) {
            return false;
        }
        if (negotiating) {
            r.running = true;
            r.nextCheck = now + POLL_MILLIS;
            return false;
        }
        if (r.running) {
            // the last attempt failed: wait 1, 2, 4 ... 60 s before the next one
            r.running = false;
            r.nextCheck = now + Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(r.attempts - 1, 16));
            return false;
        }
        r.attempts++;
        r.running = true;
        r.nextCheck = now + POLL_MILLIS;
        return true;
    }

    /** Restart attempts made so far for a peer (0 when none is pending). */
    int attempts(String peer) {
        Restart r = restarts.get(peer);
        return r == null ? 0 : r.attempts;
    }

    long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (Restart r : restarts.values()) {
            next = Math.min(next, r.nextCheck);
        }
        return next;
    }

    /** CLEAR was applied and nothing brought the peer back since. */
    boolean cleared(String peer) {
        return cleared.contains(peer);
    }

    /** An IKE SA with the peer is up again, or the peer was removed, terminated or re-initiated. */
    void forget(String peer) {
        restarts.remove(peer);
        cleared.remove(peer);
    }
}
