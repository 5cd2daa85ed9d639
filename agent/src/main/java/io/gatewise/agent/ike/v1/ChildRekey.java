package io.gatewise.agent.ike.v1;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.gatewise.agent.ike.event.ChildSaRekeyed;
import io.gatewise.agent.ike.sa.ChildSa;
import io.gatewise.agent.ike.sa.IkeSa;

/**
 * The lifetimes of the child SAs of one ISAKMP SA, and their rekeying (make-before-break):
 *
 * <pre>
 *   INSTALLED ── rekey time (RekeyScheduler) or soft byte limit ──► REKEYING
 *       ▲            Quick Mode for the same selectors on this ISAKMP SA
 *       │ failed: retry                       │
 *       └─────────────────────────────────────┘ new pair installed:
 *                                               the policy (same id) points at it at once
 *   old pair ─► REPLACED ── grace ──► Delete payload sent (RFC 2408 section 3.15),
 *                                     outbound SA removed
 *                         ── linger ─► inbound SA removed (packets in flight got through)
 * </pre>
 *
 * A Quick Mode the peer starts for the selectors of an installed child is its rekey: the
 * new pair replaces the old one the same way. strongSwan does not delete the SA it
 * rekeyed (its {@code delete_rekeyed} is off), so the responder of a rekey deletes the old
 * pair too, after twice the grace period; between two Gatewise agents the initiator's
 * Delete arrives first and the responder only removes its copy.
 *
 * <p><b>Simultaneous rekeys.</b> Both ends may start a Quick Mode for the same child at
 * once; both new pairs get installed. Two new pairs whose Quick Modes overlapped in time
 * and replace the same old pair are resolved with the rule of RFC 7296 section 2.8.1,
 * applied to IKEv1: the pair whose Quick Mode used the lowest of the four nonces is
 * redundant. Both ends compute the same answer, point the policy at the surviving pair at
 * once, and the end that initiated the redundant pair deletes it after the grace period
 * (the other end after twice that, as above). No packet is lost: the redundant inbound SA
 * keeps decrypting until its Delete has gone out and the linger time passed.
 *
 * <p>Children are keyed by inbound SPI (unique in the engine, we chose it), so their state
 * survives the move to a new ISAKMP SA ({@link #adoptFrom}).
 */
final class ChildRekey {
    private static final Logger LOG = LoggerFactory.getLogger(ChildRekey.class);

    enum State { INSTALLED, REKEYING, REPLACED }

    /** What the lifetime machinery knows about one installed pair. */
    static final class Entry {
        ChildSa child;
        State state = State.INSTALLED;
        final boolean weInitiated;
        final byte[] lowestNonce;
        final long installedAt;
        final long startedAt;
        long rekeyAt;
        final long expireAt;
        /** Inbound SPI of the pair this one replaced, 0 for none. */
        int replaces;
        long deleteAt = Long.MAX_VALUE;
        /** When the policy moves to this pair at the latest (our rekey: once the peer surely installed it). */
        long activateAt = Long.MAX_VALUE;
        /** Next look at the new inbound SA's counters while {@link #activateAt} is pending. */
        long probeAt = Long.MAX_VALUE;
        long removeAt = Long.MAX_VALUE;
        boolean deleteSent;

        Entry(ChildSa child, boolean weInitiated, byte[] lowestNonce, long startedAt, long now, long rekeyAt) {
            this.child = child;
            this.weInitiated = weInitiated;
            this.lowestNonce = lowestNonce.clone();
            this.startedAt = startedAt;
            this.installedAt = now;
            this.rekeyAt = rekeyAt;
            this.expireAt = RekeyScheduler.expireAt(now, child.lifetimeSeconds());
        }

        State state() {
            return state;
        }

        ChildSa child() {
            return child;
        }
    }

    private final IkeSa sa;
    private final V1Context ctx;
    private final Actions actions;
    private final Map<Integer, Entry> entries = new LinkedHashMap<>();

    /** What rekeying asks of the task manager and the informational exchange. */
    interface Actions {
        /** Starts a Quick Mode for the child's config and selectors that will replace it. */
        void startRekey(ChildSa old, long now);

        /** Sends a Delete payload for the pair's inbound SPI. */
        void sendDelete(ChildSa child, long now);

        /** Removes the outbound SA only (traffic has moved to the successor already). */
        void removeOutbound(ChildSa child);

        /** Removes the pair from the datapath and the SA database (policy kept for a successor). */
        void remove(ChildSa child, String reason, long now);

        /** Points the shared policy at this pair's SAs. */
        void pointPolicyAt(ChildSa child);

        /** Whether the pair's inbound SA has decrypted a packet: the peer installed it and sends on it. */
        boolean peerSendsOn(ChildSa child);

        void emit(ChildSaRekeyed event);
    }

    ChildRekey(IkeSa sa, V1Context ctx, Actions actions) {
        this.sa = sa;
        this.ctx = ctx;
        this.actions = actions;
    }

    /**
     * A Quick Mode installed {@code child}.
     *
     * @param rekeyOf   inbound SPI of the pair our Quick Mode was to replace, 0 otherwise
     * @param startedAt when that Quick Mode began (its first message sent or received)
     */
    void installed(ChildSa child, boolean weInitiated, byte[] lowestNonce, int rekeyOf, long startedAt, long now) {
        Entry n = new Entry(child, weInitiated, lowestNonce, startedAt, now,
                RekeyScheduler.rekeyAt(now, child.lifetimeSeconds(), ctx.random()));
        Entry byRekey = rekeyOf != 0 ? entries.get(rekeyOf) : null;
        Entry pred = byRekey != null ? byRekey : newestLive(child);
        entries.put(child.spiIn(), n);
        if (pred == null) {
            actions.pointPolicyAt(child);       // a new child: nothing else carries its traffic
            return;
        }
        if (pred.state == State.REPLACED) {
            // our Quick Mode lost the race: the peer's replaced the old pair first
            Entry sibling = entries.values().stream()
                    .filter(e -> e != n && e.replaces == pred.child.spiIn() && e.state != State.REPLACED)
                    .findFirst().orElse(null);
            n.replaces = pred.child.spiIn();
            if (sibling != null) {
                resolveSimultaneous(n, sibling, now);
            }
            return;
        }
        if (pred.replaces != 0 && pred.installedAt >= startedAt) {
            // the peer's Quick Mode ran while ours for the same old pair completed
            n.replaces = pred.replaces;
            resolveSimultaneous(n, pred, now);
            return;
        }
        replace(pred, n, now);
    }

    private Entry newestLive(ChildSa child) {
        Entry found = null;
        for (Entry e : entries.values()) {
            if (e.state != State.REPLACED && e.child.sameChildAs(child)) {
                found = e;
            }
        }
        return found;
    }

    private void replace(Entry old, Entry n, long now) {
        old.state = State.REPLACED;
        long switchAt = now;
        if (n.weInitiated) {
            // our message 3 may still be on its way and the peer installs only on it
            // (strongSwan does): keep sending on the old pair until the peer's first packet
            // on the new one proves it installed it, or a few round trips passed; never
            // past the old pair's hard end
            switchAt = Math.min(now + RekeyScheduler.outboundSwitchDelay(now - n.startedAt),
                    Math.max(now, old.expireAt - RekeyScheduler.DELETE_LINGER_MILLIS));
            n.activateAt = switchAt;
            n.probeAt = now + RekeyScheduler.SWITCH_PROBE_MILLIS;
        } else {
            actions.pointPolicyAt(n.child);   // the peer sends on the new pair already
        }
        old.deleteAt = RekeyScheduler.deleteReplacedAt(switchAt, old.expireAt, n.weInitiated);
        n.replaces = old.child.spiIn();
        actions.emit(new ChildSaRekeyed(now, sa.peerName(), n.child.name(), sa.id().toString(),
                ChildSa.spiHex(old.child.spiIn()), ChildSa.spiHex(old.child.spiOut()),
                ChildSa.spiHex(n.child.spiIn()), ChildSa.spiHex(n.child.spiOut()), !n.weInitiated,
                n.child.lifetimeSeconds()));
    }

    /**
     * Two new pairs replace the same old one: the one whose Quick Mode used the lowest
     * nonce is redundant (RFC 7296 section 2.8.1's rule); the survivor carries the traffic.
     */
    private void resolveSimultaneous(Entry a, Entry b, long now) {
        boolean aRedundant = compareUnsigned(a.lowestNonce, b.lowestNonce) < 0;
        Entry redundant = aRedundant ? a : b;
        Entry survivor = aRedundant ? b : a;
        LOG.info("{}: simultaneous rekey of CHILD SA {} with {}: keeping in {}, deleting redundant in {} "
                + "(lowest nonce)", sa.id(), survivor.child.name(), sa.peerName(),
                ChildSa.spiHex(survivor.child.spiIn()), ChildSa.spiHex(redundant.child.spiIn()));
        if (survivor.activateAt == Long.MAX_VALUE) {
            actions.pointPolicyAt(survivor.child);
        }
        redundant.activateAt = Long.MAX_VALUE;
        redundant.probeAt = Long.MAX_VALUE;
        redundant.state = State.REPLACED;
        redundant.deleteAt = RekeyScheduler.deleteReplacedAt(now, redundant.expireAt, redundant.weInitiated);
        Entry old = entries.get(survivor.replaces);
        if (old != null && survivor.replaces != 0) {
            actions.emit(new ChildSaRekeyed(now, sa.peerName(), survivor.child.name(), sa.id().toString(),
                    ChildSa.spiHex(old.child.spiIn()), ChildSa.spiHex(old.child.spiOut()),
                    ChildSa.spiHex(survivor.child.spiIn()), ChildSa.spiHex(survivor.child.spiOut()),
                    !survivor.weInitiated, survivor.child.lifetimeSeconds()));
        }
    }

    static int compareUnsigned(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    /** Our rekey Quick Mode for {@code oldSpiIn} failed: the old pair stays, a retry follows. */
    void rekeyFailed(int oldSpiIn, long now) {
        Entry e = entries.get(oldSpiIn);
        if (e != null && e.state == State.REKEYING) {
            e.state = State.INSTALLED;
            e.rekeyAt = Math.min(now + RekeyScheduler.RETRY_MILLIS, Math.max(now, e.expireAt - 1));
        }
    }

    /** Rekeys a child now (soft byte limit, operator); false when it is not installed here. */
    boolean rekeyNow(int spiIn, long now) {
        Entry e = entries.get(spiIn);
        if (e == null || e.state != State.INSTALLED) {
            return false;
        }
        e.rekeyAt = now;
        return true;
    }

    /** Rekeys every installed child now. */
    void rekeyAllNow(long now) {
        for (Entry e : entries.values()) {
            if (e.state == State.INSTALLED) {
                e.rekeyAt = now;
            }
        }
    }

    /** The pair left the datapath (deleted by the peer, expired, torn down). */
    void removed(ChildSa child) {
        entries.remove(child.spiIn());
    }

    /** Runs the rekeys, deletes and removals due. */
    void tick(long now) {
        // new pairs take the traffic first, then old ones may go (same tick: never a gap)
        for (Entry e : entries.values()) {
            if (e.activateAt == Long.MAX_VALUE) {
                continue;
            }
            boolean peerSends = now >= e.probeAt && actions.peerSendsOn(e.child);
            if (peerSends || now >= e.activateAt) {
                LOG.debug("{}: outbound of CHILD SA {} moves to out {} ({})", sa.id(), e.child.name(),
                        ChildSa.spiHex(e.child.spiOut()), peerSends ? "the peer sends on it" : "switch delay over");
                e.activateAt = Long.MAX_VALUE;
                e.probeAt = Long.MAX_VALUE;
                actions.pointPolicyAt(e.child);
            } else if (now >= e.probeAt) {
                e.probeAt = now + RekeyScheduler.SWITCH_PROBE_MILLIS;
            }
        }
        for (Entry e : new ArrayList<>(entries.values())) {
            if (sa.state() == IkeSa.State.DEAD) {
                return;
            }
            if (!entries.containsKey(e.child.spiIn())) {
                continue;
            }
            switch (e.state) {
                case INSTALLED -> {
                    if (now >= e.expireAt) {
                        expired(e, now);
                    } else if (now >= e.rekeyAt && sa.isEstablished()) {
                        e.state = State.REKEYING;
                        LOG.info("{}: rekeying CHILD SA {} with {} (in {}, {} s left)", sa.id(), e.child.name(),
                                sa.peerName(), ChildSa.spiHex(e.child.spiIn()), (e.expireAt - now) / 1000);
                        actions.startRekey(e.child, now);
                    }
                }
                case REKEYING -> {
                    if (now >= e.expireAt) {
                        expired(e, now);
                    }
                }
                case REPLACED -> {
                    if (!e.deleteSent && now >= e.deleteAt) {
                        e.deleteSent = true;
                        e.removeAt = now + RekeyScheduler.DELETE_LINGER_MILLIS;
                        actions.sendDelete(e.child, now);
                        actions.removeOutbound(e.child);
                    } else if (e.deleteSent && now >= e.removeAt) {
                        actions.remove(e.child, "rekeyed", now);
                        entries.remove(e.child.spiIn());
                    }
                }
            }
        }
    }

    private void expired(Entry e, long now) {
        actions.sendDelete(e.child, now);
        actions.remove(e.child, "hard lifetime of " + e.child.lifetimeSeconds() + " s expired", now);
        entries.remove(e.child.spiIn());
    }

    long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (Entry e : entries.values()) {
            next = Math.min(next, Math.min(e.activateAt, e.probeAt));
            switch (e.state) {
                case INSTALLED -> next = Math.min(next, Math.min(e.rekeyAt, e.expireAt));
                case REKEYING -> next = Math.min(next, e.expireAt);
                case REPLACED -> next = Math.min(next, e.deleteSent ? e.removeAt : e.deleteAt);
            }
        }
        return next;
    }

    /**
     * Phase 1 rekey: the children of an older ISAKMP SA of the same peer move here. A
     * Quick Mode that was rekeying one of them ran on the old SA and dies with it, so
     * that child is rekeyed again at once, on this SA.
     */
    List<ChildSa> adoptFrom(ChildRekey older, long now) {
        List<ChildSa> moved = new ArrayList<>();
        for (Entry e : older.entries.values()) {
            e.child = e.child.withIkeSa(sa.id());
            if (e.state == State.REKEYING) {
                e.state = State.INSTALLED;
                e.rekeyAt = now;
            }
            entries.put(e.child.spiIn(), e);
            moved.add(e.child);
        }
        older.entries.clear();
        return moved;
    }

    /** The current entry of a child (tests, status). */
    Entry entry(int spiIn) {
        return entries.get(spiIn);
    }

    int size() {
        return entries.size();
    }
}
