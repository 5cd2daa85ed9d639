package io.gatewise.agent.ike.v1;

import io.gatewise.agent.crypto.RandomSource;

/**
 * When to rekey an SA before its hard lifetime ends: the soft limit with a random margin,
 * in the spirit of strongSwan's {@code rekey_time}/{@code rand_time}, so that the two ends
 * of a tunnel (which negotiated the same lifetime) rarely start a rekey at the same moment.
 *
 * <pre>
 *   0 ─────────────── 0.8 L ═══ rekey window ═══ 0.9 L ─────── L (hard: the SA dies)
 *                      └── soft limit (0.9 L) minus a random share of 0.1 L ──┘
 * </pre>
 *
 * The same rule applies to volume lifetimes (RFC 2407 section 4.5, SA Life Type
 * kilobytes): the datapath reports the soft byte limit, the engine starts the rekey. IKEv1
 * has no lifetime negotiation beyond the proposal and RESPONDER-LIFETIME, so each end
 * schedules its own rekeys; the random margin plus {@link ChildRekey}'s rule for
 * simultaneous rekeys keep the result clean when both fire anyway.
 */
public final class RekeyScheduler {
    /** The soft limit as a share of the hard lifetime. */
    static final double SOFT_SHARE = 0.9;
    /** The random margin: up to this share of the lifetime earlier than the soft limit. */
    static final double JITTER_SHARE = 0.1;
    /**
     * How long the old inbound SA keeps decrypting after traffic moved to the new one,
     * before the old pair is deleted (packets already in flight or queued at the peer).
     */
    static final long OLD_SA_GRACE_MILLIS = 1000;
    /** After our Delete went out, the old inbound SA still accepts for this long. */
    static final long DELETE_LINGER_MILLIS = 500;
    /** How often a pending outbound switch looks for the peer's first packet on the new pair. */
    static final long SWITCH_PROBE_MILLIS = 20;
    /** A failed rekey is tried again after this long (while the hard lifetime allows). */
    static final long RETRY_MILLIS = 2000;

    private RekeyScheduler() {
    }

    /**
     * The moment to start the rekey of an SA created at {@code startMillis} with a hard
     * lifetime of {@code lifetimeSeconds}: in [0.8 L, 0.9 L] after the start.
     */
    public static long rekeyAt(long startMillis, long lifetimeSeconds, RandomSource random) {
        long life = lifetimeSeconds * 1000;
        long soft = (long) (life * SOFT_SHARE);
        return startMillis + soft - jitter((long) (life * JITTER_SHARE), random);
    }

    /** The hard end of an SA created at {@code startMillis}. */
    public static long expireAt(long startMillis, long lifetimeSeconds) {
        return startMillis + lifetimeSeconds * 1000;
    }

    /**
     * The soft volume limit for a hard limit of {@code hardBytes} (0: none): in
     * [0.8, 0.9] of it, with the same random margin as time.
     */
    public static long softBytes(long hardBytes, RandomSource random) {
        if (hardBytes <= 0) {
            return 0;
        }
        return (long) (hardBytes * SOFT_SHARE) - jitter((long) (hardBytes * JITTER_SHARE), random);
    }

    /** When a replaced SA pair is deleted: after the grace period, but never after its hard end. */
    static long deleteReplacedAt(long nowMillis, long expireAtMillis, boolean weRekeyed) {
        // the end that ran the Quick Mode deletes first; the other waits twice as long, so
        // between two Gatewise agents one Delete crosses the wire, not two
        long grace = weRekeyed ? OLD_SA_GRACE_MILLIS : 2 * OLD_SA_GRACE_MILLIS;
        return Math.max(nowMillis, Math.min(nowMillis + grace, expireAtMillis - DELETE_LINGER_MILLIS));
    }

    /**
     * The latest moment our new outbound SA takes the traffic after we sent Quick Mode
     * message 3, when no packet from the peer on the new inbound SA showed earlier that it
     * installed the pair: three round trips of the exchange (measured), at least 500 ms, at
     * most 3 s. A peer that installs on message 3 can be slow to do so on a loaded machine;
     * sending on the old pair a little longer costs nothing, sending too early loses packets.
     */
    static long outboundSwitchDelay(long exchangeMillis) {
        return Math.max(500, Math.min(3000, 3 * exchangeMillis));
    }

    /** Uniform in [0, bound] from the engine's random source (deterministic in tests). */
    static long jitter(long bound, RandomSource random) {
        if (bound <= 0) {
            return 0;
        }
        byte[] b = random.randomBytes(8);
        long v = 0;
        for (byte x : b) {
            v = (v << 8) | (x & 0xff);
        }
        return Long.remainderUnsigned(v, bound + 1);
    }
}
