package io.gatewise.agent.ike;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.gatewise.agent.ike.event.IkeSaRekeyed;
import io.gatewise.agent.ike.sa.IkeSa;
import io.gatewise.agent.ike.sa.IkeSaId;
import io.gatewise.agent.ike.sa.SaDatabase;
import io.gatewise.agent.ike.v1.TaskManagerV1;

/**
 * Phase 1 rekeying. IKEv1 cannot rekey an ISAKMP SA in place: a new Main (or Aggressive)
 * Mode with the same peer creates a new one, and since IPsec SAs do not depend on the
 * ISAKMP SA that negotiated them (RFC 2409 section 5.5 only needs SKEYID_d, which their
 * KEYMAT already used), the children simply move to the new SA; new Quick Modes, DPD and
 * Deletes use it from then on. The old SA is deleted with a Delete payload (RFC 2408
 * section 3.15). strongSwan does the same as responder ("adopting children" on reauth).
 *
 * <p>Which SA replaces which, the same on both ends:
 * <ul>
 *   <li>A newly established SA replaces every established SA with the same peer that was
 *       already established when the new one's negotiation began.</li>
 *   <li>Two SAs negotiated at the same time (each end started a rekey, or the peer's new
 *       Main Mode crossed ours): the one with the higher cookie pair (CKY-I, then CKY-R,
 *       unsigned) survives; both ends know both pairs, so they agree.</li>
 * </ul>
 * A peer-initiated new phase 1 is handled by the same rule: it is the peer's rekey.
 */
final class Phase1Rekey {
    private static final Logger LOG = LoggerFactory.getLogger(Phase1Rekey.class);
    /**
     * How long the responder of a phase 1 rekey waits for the initiator's Delete of the
     * old SA before deleting it itself (strongSwan, adopting children as responder, waits 10 s).
     */
    static final long PEER_DELETE_WAIT_MILLIS = 2000;
    /** How long the end that deletes the replaced SA waits before it does. */
    static final long DELETE_DELAY_MILLIS = 1000;

    private final SaDatabase db;
    private final Consumer<IkeSaRekeyed> emit;
    /** Our rekey initiations: new SA → the SA it is to replace. */
    private final Map<IkeSa, IkeSa> started = new HashMap<>();
    /** Engine-wide order of creations and establishments (the clock may not move between them). */
    private long seq;
    private final Map<IkeSa, Long> createdSeq = new HashMap<>();
    private final Map<IkeSa, Long> establishedSeq = new HashMap<>();
    /** Replaced SAs the peer's rekey left to us: deleted at the time given, unless the peer does first. */
    private final Map<IkeSa, Long> deleteLater = new HashMap<>();
    /** SAs whose replacement rekeys the children too once up (operator "rekey now"). */
    private final java.util.Set<IkeSa> childrenToo = new java.util.HashSet<>();

    Phase1Rekey(SaDatabase db, Consumer<IkeSaRekeyed> emit) {
        this.db = db;
        this.emit = emit;
    }

    /** Every new IKE SA, ours or the peer's, in the order they appear. */
    void created(IkeSa sa) {
        createdSeq.put(sa, ++seq);
    }

    /** We started {@code replacement} to replace {@code old}. */
    void started(IkeSa old, IkeSa replacement) {
        started.put(replacement, old);
    }

    /** When {@code old}'s replacement is up, it rekeys the adopted children as well. */
    void rekeyChildrenWhenEstablished(IkeSa old) {
        childrenToo.add(old);
    }

    /** Phase 1 of {@code sa} completed: it replaces older SAs with the same peer, per the rule above. */
    void established(IkeSa sa, long now) {
        IkeSa ours = started.remove(sa);
        boolean rekeyChildren = ours != null && childrenToo.remove(ours);
        establishedSeq.put(sa, ++seq);
        long createdAt = createdSeq.getOrDefault(sa, 0L);
        for (IkeSa other : samePeer(sa)) {
            if (deleteLater.containsKey(other)) {
                continue;
            }
            boolean olderThanUs = establishedSeq.getOrDefault(other, 0L) < createdAt;
            boolean weWin = olderThanUs || compare(sa.id(), other.id()) > 0;
            IkeSa winner = weWin ? sa : other;
            IkeSa loser = weWin ? other : sa;
            int moved = winner.taskManager().adoptChildren(loser, now);
            boolean byPeer = winner == sa ? ours == null && !sa.isInitiator() : !winner.isInitiator();
            if (!olderThanUs) {
                LOG.info("simultaneous phase 1 rekey with {}: keeping {}, deleting {} (higher cookies win)",
                        sa.peerName(), winner.id(), loser.id());
            }
            IkeSaRekeyed event = new IkeSaRekeyed(now, sa.peerName(), loser.id().toString(), winner.id().toString(),
                    byPeer, moved, winner.lifetimeSeconds());
            LOG.info("{}", event.describe());
            emit.accept(event);
            if (loser.taskManager() instanceof TaskManagerV1 tm) {
                tm.replaced();
            }
            // the end that initiated the replacing SA (or, between two new SAs, the redundant
            // one) sends the Delete; the other end does only if that Delete does not come
            boolean weDelete = olderThanUs ? winner.isInitiator() : loser.isInitiator();
            // even the deleting end waits a moment: strongSwan moves the children to the new
            // SA in a job of its own after the last Main Mode message, and a Delete of the
            // old SA that overtook that job would take the children with it
            deleteLater.put(loser, now + (weDelete ? DELETE_DELAY_MILLIS : PEER_DELETE_WAIT_MILLIS));
            if (loser == sa) {
                return;
            }
        }
        if (rekeyChildren) {
            sa.taskManager().rekeyChildren(now);
        }
    }

    /**
     * {@code dying} is deleted (by the peer, or expired): a newer established SA with the
     * same peer takes its children first.
     */
    void handOver(IkeSa dying, long now) {
        if (dying.children().isEmpty()) {
            return;
        }
        IkeSa heir = null;
        for (IkeSa other : samePeer(dying)) {
            if (heir == null || other.establishedAtMillis() > heir.establishedAtMillis()) {
                heir = other;
            }
        }
        if (heir != null) {
            int moved = heir.taskManager().adoptChildren(dying, now);
            LOG.info("{} with {} goes away; {} child SA(s) moved to {}", dying.id(), dying.peerName(), moved,
                    heir.id());
        }
    }

    /** An SA died: if it was our rekey attempt, the old SA tries again later. */
    void dead(IkeSa sa, long now) {
        childrenToo.remove(sa);
        createdSeq.remove(sa);
        establishedSeq.remove(sa);
        deleteLater.remove(sa);
        IkeSa old = started.remove(sa);
        if (old != null && old.state() == IkeSa.State.ESTABLISHED && old.taskManager() instanceof TaskManagerV1 tm) {
            LOG.info("phase 1 rekey with {} failed; {} stays until it expires", sa.peerName(), old.id());
            tm.ikeRekeyFailed(now);
        }
    }

    /** Deletes replaced SAs whose wait ran out. */
    void tick(long now) {
        for (Map.Entry<IkeSa, Long> e : new ArrayList<>(deleteLater.entrySet())) {
            if (now >= e.getValue()) {
                deleteLater.remove(e.getKey());
                e.getKey().taskManager().delete("rekeyed", now);
            }
        }
    }

    long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (long t : deleteLater.values()) {
            next = Math.min(next, t);
        }
        return next;
    }

    /**
     * Established SAs with the same peer, other than {@code sa}: the same configured peer
     * and, when that configuration names a whole network of initiators (a responder-only
     * pool), the same remote address and authenticated identity too (two hosts behind one
     * NAT share the address). Each host of a pool is a peer of its own; a new
     * phase 1 from one host is no rekey of another host's SA (deleting that would cut the
     * other host off, and scanning for it cost every establishment a pass over all pool SAs).
     */
    private List<IkeSa> samePeer(IkeSa sa) {
        List<IkeSa> out = new ArrayList<>();
        if (sa.peer() == null) {
            return out;
        }
        boolean pool = !sa.peer().canInitiate();
        for (IkeSa other : db.ikeSas()) {
            if (other != sa && other.isEstablished() && other.peer() != null
                    && other.peer().name().equals(sa.peer().name())
                    && (!pool || other.remote().getAddress().equals(sa.remote().getAddress())
                            && java.util.Objects.equals(other.remoteId(), sa.remoteId()))) {
                out.add(other);
            }
        }
        return out;
    }

    static int compare(IkeSaId a, IkeSaId b) {
        int c = Long.compareUnsigned(a.initiatorCookie(), b.initiatorCookie());
        return c != 0 ? c : Long.compareUnsigned(a.responderCookie(), b.responderCookie());
    }
}
