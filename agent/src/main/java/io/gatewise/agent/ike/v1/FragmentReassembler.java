package io.gatewise.agent.ike.v1;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.gatewise.agent.ike.codec.Bytes;
import io.gatewise.agent.ike.codec.FragmentPayload;

/**
 * Reassembles IKEv1 messages split with the Cisco/strongSwan fragmentation extension
 * (payload 132). Each fragment carries a slice of the complete original datagram (its
 * ISAKMP header included); the fragment with the LAST flag gives the count. A message is
 * keyed by (peer address, initiator cookie, fragment id).
 *
 * <p>Bounded on every axis, because fragments arrive before any authentication: fragments
 * per message, total reassembled size, incomplete messages per peer and overall, and a
 * timeout. Exact duplicates (retransmissions) are ignored; a fragment that contradicts
 * what was received (a second, different LAST; a number beyond the LAST; the same number
 * with other data) discards the whole message. Nothing throws: every refusal is counted.
 *
 * <p>Not thread-safe: owned by the engine's single thread.
 */
public final class FragmentReassembler {
    /** Why a fragment was not used; each is counted. */
    public enum Drop {
        /** The same fragment again (a retransmission). */
        DUPLICATE,
        /** Contradicts the fragments received so far; the message was discarded. */
        INCONSISTENT,
        /** Beyond the fragment-count limit. */
        TOO_MANY_FRAGMENTS,
        /** The message would exceed the size limit; discarded. */
        OVERSIZE,
        /** The peer (or everyone) already has the maximum of incomplete messages pending. */
        TOO_MANY_PENDING,
        /** Incomplete when the timeout expired. */
        TIMEOUT
    }

    /**
     * @param maxFragments   fragments per message (strongSwan allows 16 by default)
     * @param maxMessageSize bytes of a reassembled message
     * @param maxPerPeer     incomplete messages per peer address
     * @param maxPending     incomplete messages overall
     * @param timeoutMillis  how long an incomplete message is kept
     */
    public record Limits(int maxFragments, int maxMessageSize, int maxPerPeer, int maxPending, long timeoutMillis) {
        public static final Limits DEFAULT = new Limits(16, 65_535, 4, 256, 30_000);

        public Limits {
            if (maxFragments < 1 || maxFragments > 255 || maxMessageSize < 1 || maxPerPeer < 1 || maxPending < 1
                    || timeoutMillis < 1) {
                throw new IllegalArgumentException("fragment limits must be positive (fragments <= 255)");
            }
        }
    }

    private record Key(InetAddress peer, long initiatorCookie, int fragmentId) {
    }

    private static final class Pending {
        final Bytes[] parts;
        final long created;
        int last;   // 0 until the LAST fragment arrived
        int received;
        int size;

        Pending(int maxFragments, long created) {
            this.parts = new Bytes[maxFragments + 1];
            this.created = created;
        }
    }

    private final Limits limits;
    private final Map<Key, Pending> pending = new LinkedHashMap<>();
    private final Map<Drop, Long> drops = new EnumMap<>(Drop.class);
    private long reassembled;

    public FragmentReassembler(Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Takes one fragment; returns the complete original datagram once every fragment of
     * its message has arrived.
     */
    public Optional<byte[]> offer(InetAddress peer, long initiatorCookie, FragmentPayload f, long now) {
        evictExpired(now);
        int n = f.fragmentNumber();
        if (n < 1 || n > limits.maxFragments()) {
            count(Drop.TOO_MANY_FRAGMENTS);
            return Optional.empty();
        }
        Key key = new Key(peer, initiatorCookie, f.fragmentId());
        Pending p = pending.get(key);
        if (p == null) {
            if (pending.size() >= limits.maxPending() || perPeer(peer) >= limits.maxPerPeer()) {
                count(Drop.TOO_MANY_PENDING);
                return Optional.empty();
            }
            p = new Pending(limits.maxFragments(), now);
            pending.put(key, p);
        }
        if (p.parts[n] != null) {
            if (p.parts[n].equals(f.data()) && (!f.isLast() || p.last == n)) {
                count(Drop.DUPLICATE);
            } else {
                discard(key, Drop.INCONSISTENT);
            }
            return Optional.empty();
        }
        if ((f.isLast() && (p.last != 0 || highest(p) > n)) || (p.last != 0 && n > p.last)) {
            discard(key, Drop.INCONSISTENT);
            return Optional.empty();
        }
        if ((long) p.size + f.data().length() > limits.maxMessageSize()) {
            discard(key, Drop.OVERSIZE);
            return Optional.empty();
        }
        p.parts[n] = f.data();
        p.received++;
        p.size += f.data().length();
        if (f.isLast()) {
            p.last = n;
        }
        if (p.last == 0 || p.received < p.last) {
            return Optional.empty();
        }
        pending.remove(key);
        ByteArrayOutputStream out = new ByteArrayOutputStream(p.size);
        for (int i = 1; i <= p.last; i++) {
            out.writeBytes(p.parts[i].toByteArray());
        }
        reassembled++;
        return Optional.of(out.toByteArray());
    }

    /** Discards incomplete messages older than the timeout. */
    public void evictExpired(long now) {
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext();) {
            if (now - it.next().created >= limits.timeoutMillis()) {
                it.remove();
                count(Drop.TIMEOUT);
            }
        }
    }

    public long reassembledCount() {
        return reassembled;
    }

    public long droppedCount(Drop reason) {
        return drops.getOrDefault(reason, 0L);
    }

    public int pendingCount() {
        return pending.size();
    }

    private static int highest(Pending p) {
        for (int i = p.parts.length - 1; i > 0; i--) {
            if (p.parts[i] != null) {
                return i;
            }
        }
        return 0;
    }

    private int perPeer(InetAddress peer) {
        return (int) pending.keySet().stream().filter(k -> k.peer().equals(peer)).count();
    }

    private void discard(Key key, Drop reason) {
        pending.remove(key);
        count(reason);
    }

    private void count(Drop reason) {
        drops.merge(reason, 1L, Long::sum);
    }

    @Override
    public String toString() {
        return "FragmentReassembler[pending=" + pending.size() + ", reassembled=" + reassembled + ", drops="
                + Arrays.toString(drops.entrySet().toArray()) + "]";
    }
}
