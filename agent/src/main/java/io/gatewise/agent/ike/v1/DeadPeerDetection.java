package io.gatewise.agent.ike.v1;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.gatewise.agent.ike.codec.Bytes;
import io.gatewise.agent.ike.codec.NotificationPayload;
import io.gatewise.agent.ike.codec.NotifyType;
import io.gatewise.agent.ike.codec.ProtocolId;
import io.gatewise.agent.ike.config.DpdSettings;
import io.gatewise.agent.ike.event.DpdTimeout;
import io.gatewise.agent.ike.sa.ChildSa;
import io.gatewise.agent.ike.sa.DropReason;
import io.gatewise.agent.ike.sa.IkeSa;
import io.gatewise.agent.ipsec.SaCounters;

/**
 * Dead Peer Detection of one ISAKMP SA (RFC 3706), both roles of the exchange:
 *
 * <pre>
 *   Probing (our side, when the peer announced the DPD vendor ID and DPD is configured)
 *
 *   heard(now) ◄── every authenticated IKE message from the peer, every inbound ESP packet
 *       │          (RFC 3706 section 5.3: only ask when the peer has been idle)
 *       ▼
 *   IDLE ── delay passed, no new packet on the children's inbound SAs ──► PROBING
 *          (the inbound counters are read every {@link #lookInterval} ms)
 *   PROBING: R-U-THERE(seq), seq+1, ... every {@link #probeInterval} ms
 *       ├── R-U-THERE-ACK with a seq of this round ──► IDLE (heard)
 *       ├── anything else authenticated from the peer ──► IDLE (heard)
 *       └── timeout since the first probe of the round ──► DEAD: event, SAs deleted
 *           locally (no Delete: nobody listens), then the engine acts per DpdSettings.Action
 *
 *   Answering (always): authenticated R-U-THERE with our cookies as SPI ──► R-U-THERE-ACK
 *   with the same sequence number (section 5.3), at most {@link #MAX_ANSWERS_PER_SECOND}
 *   per second; the rest are counted and dropped (a flood costs no memory).
 * </pre>
 *
 * Wire form (RFC 3706 section 5.1): a Notification in a protected Informational exchange,
 * DOI IPsec, protocol ISAKMP, SPI = CKY-I | CKY-R (16 bytes), type 36136 / 36137, data =
 * a 32-bit sequence number. Our sequence starts at a random value (section 5.5, so that
 * a restarted SA is not confused with its predecessor) and each probe, retransmissions
 * included, takes the next number; an ACK is accepted for any number sent in the current
 * round, and one for no number of ours proves nothing: it is counted and dropped
 * (section 6, replay).
 *
 * <p>Single-threaded like its task manager. All times are the engine's monotonic clock.
 */
final class DeadPeerDetection {
    private static final Logger LOG = LoggerFactory.getLogger(DeadPeerDetection.class);
    /** R-U-THERE answered per SA and second; a peer that needs more is flooding. */
    static final int MAX_ANSWERS_PER_SECOND = 10;
    /** Probes are never retransmitted faster than this, whatever the settings. */
    static final long MIN_PROBE_INTERVAL_MILLIS = 500;

    private final IkeSa sa;
    private final V1Context ctx;
    private final TaskManagerV1 tm;
    private final Informational informational;
    /** inbound SPI of each child → packet count at the last look */
    private final Map<Integer, Long> inboundPackets = new HashMap<>();

    private long lastHeard;
    private int nextSeq;
    /** First sequence number of the current round of unanswered probes. */
    private int roundFirstSeq;
    /** Probes sent in the current round; 0 while idle. */
    private int probes;
    private long roundStart;
    private long nextProbeAt;
    /** Next look at the children's inbound packet counters. */
    private long nextLook;
    private boolean answeredBefore;
    private long answerWindowStart;
    private int answersInWindow;
    private long withheldInWindow;
    private boolean dead;
    private boolean loggedReject;
    private long lastRejectLog;
    private long suppressedRejects;

    DeadPeerDetection(IkeSa sa, V1Context ctx, TaskManagerV1 tm, Informational informational) {
        this.sa = sa;
        this.ctx = ctx;
        this.tm = tm;
        this.informational = informational;
        // random start, kept below 2^31 so that a long-lived SA does not wrap soon
        this.nextSeq = ctx.nonZeroInt() & 0x7fffffff;
    }

    private DpdSettings settings() {
        return sa.peer() == null ? DpdSettings.OFF : sa.peer().dpd();
    }

    /** We probe only an established SA whose peer announced DPD, and only if configured. */
    boolean probing() {
        return !dead && sa.isEstablished() && sa.peerSupportsDpd() && settings().enabled();
    }

    /** Phase 1 completed: the peer just proved itself. */
    void established(long now) {
        heard(now);
        nextLook = now + lookInterval();
        if (settings().enabled() && !sa.peerSupportsDpd()) {
            LOG.info("{}: peer {} did not announce DPD (RFC 3706 vendor ID): no R-U-THERE probes on this SA",
                    sa.id(), sa.peerName());
        }
    }

    /** The peer is alive: an authenticated IKE message or inbound ESP traffic. */
    void heard(long now) {
        lastHeard = now;
        probes = 0;
    }

    /** When {@link #tick} has something to do; {@link Long#MAX_VALUE} when not probing. */
    long nextDeadline() {
        if (!probing()) {
            return Long.MAX_VALUE;
        }
        if (probes == 0) {
            return Math.min(nextLook, lastHeard + settings().delayMillis());
        }
        return Math.min(nextLook, Math.min(nextProbeAt, roundStart + settings().timeoutMillis()));
    }

    /**
     * How often the inbound counters are read: they tell that packets came, not when, so
     * the last sign of life is known to within this interval (a quarter of the delay, at
     * most 1 s).
     */
    long lookInterval() {
        return Math.max(100, Math.min(1000, settings().delayMillis() / 4));
    }

    long probeInterval() {
        DpdSettings s = settings();
        return Math.max(MIN_PROBE_INTERVAL_MILLIS, Math.min(s.delayMillis(), s.timeoutMillis() / 3));
    }

    void tick(long now) {
        if (!probing()) {
            return;
        }
        boolean looked = false;
        if (now >= nextLook) {
            looked = true;
            nextLook = now + lookInterval();
            if (inboundTraffic()) {
                heard(now);
                return;
            }
        }
        DpdSettings s = settings();
        if (probes == 0) {
            if (now < lastHeard + s.delayMillis()) {
                return;
            }
            if (!looked && inboundTraffic()) {
                heard(now);
                return;
            }
            roundStart = now;
            roundFirstSeq = nextSeq;
            probe(now);
            return;
        }
        if (now >= roundStart + s.timeoutMillis()) {
            if (!looked && inboundTraffic()) {
                heard(now);
                return;
            }
            declareDead(now);
            return;
        }
        if (now >= nextProbeAt) {
            if (!looked && inboundTraffic()) {
                heard(now);
                return;
            }
            probe(now);
        }
    }

    private void probe(long now) {
        int seq = nextSeq++;
        probes++;
        nextProbeAt = now + probeInterval();
        LOG.debug("{}: DPD R-U-THERE {} to {} ({}. of this round, silent for {} ms)", sa.id(),
                Integer.toUnsignedString(seq), sa.peerName(), probes, now - lastHeard);
        informational.send(List.of(NotificationPayload.of(NotifyType.R_U_THERE, ProtocolId.ISAKMP, cookies(),
                Bytes.ofInt(seq, 4))), now);
    }

    /**
     * Whether any child's inbound SA counted packets since the last look. The datapath's
     * counters are the only view of ESP traffic the engine has (IpsecBackend.querySa).
     */
    private boolean inboundTraffic() {
        boolean grew = false;
        Map<Integer, Long> seen = new HashMap<>();
        for (ChildSa c : sa.children()) {
            long packets = ctx.hooks().backend().querySa(c.inboundId()).map(SaCounters::packets).orElse(0L);
            Long before = inboundPackets.get(c.spiIn());
            if (before == null ? packets > 0 : packets > before) {
                grew = true;
            }
            seen.put(c.spiIn(), packets);
        }
        inboundPackets.clear();
        inboundPackets.putAll(seen);     // children that went away are forgotten
        return grew;
    }

    private void declareDead(long now) {
        dead = true;
        long silent = now - lastHeard;
        String action = settings().action().name();
        tm.emit(new DpdTimeout(now, sa.peerName(), sa.id().toString(), sa.remote().toString(), silent, probes,
                action));
        informational.deleted("dead peer: no answer to " + probes + " DPD R-U-THERE within "
                + settings().timeoutMillis() + " ms (dpd timeout)", now, false);
        ctx.hooks().peerDead(sa, now);
    }

    /**
     * An authenticated R-U-THERE-ACK.
     *
     * @return true when it answers a probe of ours (it proves the peer alive); false when
     *         it was counted and dropped
     */
    boolean acknowledged(NotificationPayload ack, long now) {
        if (!ack.spi().equals(cookies())) {
            reject(DropReason.DPD_MISMATCH, now, "R-U-THERE-ACK names another ISAKMP SA (SPI " + ack.spi() + ")");
            return false;
        }
        if (ack.data().length() != 4) {
            reject(DropReason.MALFORMED, now, "R-U-THERE-ACK with " + ack.data().length()
                    + " bytes of data instead of a 4-byte sequence number");
            return false;
        }
        int seq = (int) ack.data().toUnsignedLong();
        if (probes == 0 || Integer.toUnsignedLong(seq - roundFirstSeq) >= probes) {
            reject(DropReason.DPD_MISMATCH, now, "R-U-THERE-ACK " + Integer.toUnsignedString(seq)
                    + " answers no R-U-THERE of ours" + (probes == 0 ? " (none outstanding)"
                    : " (outstanding " + Integer.toUnsignedString(roundFirstSeq) + ".."
                    + Integer.toUnsignedString(roundFirstSeq + probes - 1) + ")"));
            return false;
        }
        LOG.debug("{}: DPD R-U-THERE-ACK {} from {}", sa.id(), Integer.toUnsignedString(seq), sa.peerName());
        heard(now);
        return true;
    }

    /** An authenticated R-U-THERE: answered (bounded rate) with an ACK carrying its sequence number. */
    void answer(NotificationPayload rUThere, long now) {
        if (!rUThere.spi().equals(cookies())) {
            reject(DropReason.DPD_MISMATCH, now, "R-U-THERE names another ISAKMP SA (SPI " + rUThere.spi() + ")");
            return;
        }
        if (rUThere.data().length() != 4) {
            reject(DropReason.MALFORMED, now, "R-U-THERE with " + rUThere.data().length()
                    + " bytes of data instead of a 4-byte sequence number");
            return;
        }
        if (!answeredBefore || now - answerWindowStart >= 1000) {
            answeredBefore = true;
            if (withheldInWindow > 0) {
                LOG.info("{}: peer {} sent R-U-THERE faster than {} per second: {} left unanswered", sa.id(),
                        sa.peerName(), MAX_ANSWERS_PER_SECOND, withheldInWindow);
            }
            answerWindowStart = now;
            answersInWindow = 0;
            withheldInWindow = 0;
        }
        if (answersInWindow >= MAX_ANSWERS_PER_SECOND) {
            withheldInWindow++;
            ctx.hooks().counters().dropped(DropReason.RATE_LIMITED);
            return;
        }
        answersInWindow++;
        informational.send(List.of(NotificationPayload.of(NotifyType.R_U_THERE_ACK, ProtocolId.ISAKMP,
                rUThere.spi(), rUThere.data())), now);
    }

    private Bytes cookies() {
        return Bytes.of(sa.id().toBytes());
    }

    /** Counted always; logged at most once a second per SA, so that a flood cannot flood the log. */
    private void reject(DropReason reason, long now, String why) {
        ctx.hooks().counters().dropped(reason);
        if (loggedReject && now - lastRejectLog < 1000) {
            suppressedRejects++;
            return;
        }
        LOG.info("{}: dropped from peer {}: {}{}", sa.id(), sa.peerName(), why,
                suppressedRejects > 0 ? " (" + suppressedRejects + " more like it not logged)" : "");
        loggedReject = true;
        lastRejectLog = now;
        suppressedRejects = 0;
    }
}
