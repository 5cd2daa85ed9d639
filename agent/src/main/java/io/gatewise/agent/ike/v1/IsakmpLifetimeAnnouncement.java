package io.gatewise.agent.ike.v1;

import io.gatewise.agent.ike.sa.IkeSa;

/**
 * When a phase 1 responder sends its RESPONDER-LIFETIME for the ISAKMP SA
 * ({@link ResponderLifetime#announceForIsakmpSa}).
 *
 * <p>Main Mode: not straight after message 6. The Informational's IV is derived from the
 * last phase 1 CBC block (RFC 2409 appendix B), which the initiator knows only once it has
 * decrypted message 6. A multi-threaded initiator (charon hands each datagram to its own
 * worker thread) may take up the Informational first; it then fails to decrypt and is
 * dropped, and nobody retransmits an Informational. So we wait for proof that the
 * initiator finished phase 1: its first protected message on this SA (a Quick Mode or an
 * Informational, which it can only build with that IV). An initiator that stays silent
 * hears from us after {@link #FALLBACK_MILLIS}.
 *
 * <p>Aggressive Mode: the responder completes on message 3, which the initiator sends only
 * after it finished, so the announcement goes at once.
 */
final class IsakmpLifetimeAnnouncement {
    /** Long enough for a loaded peer to take up message 6, short against any lifetime. */
    static final long FALLBACK_MILLIS = 1000;

    private final IkeSa sa;
    private final Informational informational;
    private long dueAt = Long.MAX_VALUE;

    IsakmpLifetimeAnnouncement(IkeSa sa, Informational informational) {
        this.sa = sa;
        this.informational = informational;
    }

    /** Phase 1 completed: announce now (Aggressive Mode) or once the initiator is done (Main Mode). */
    void phase1Done(boolean aggressive, long now) {
        if (sa.isInitiator() || sa.lifetimeToAnnounce() <= 0) {
            return;
        }
        if (aggressive) {
            send(now);
        } else {
            dueAt = now + FALLBACK_MILLIS;
        }
    }

    /** A protected message from the peer after phase 1 decrypted: it has the phase 1 IV. */
    void peerFinishedPhase1(long now) {
        if (dueAt != Long.MAX_VALUE) {
            send(now);
        }
    }

    void tick(long now) {
        if (now >= dueAt) {
            send(now);
        }
    }

    long nextDeadline() {
        return dueAt;
    }

    private void send(long now) {
        dueAt = Long.MAX_VALUE;
        if (sa.state() != IkeSa.State.DEAD) {
            ResponderLifetime.announceForIsakmpSa(sa, informational, now);
        }
    }
}
