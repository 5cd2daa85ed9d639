package io.gatewise.agent.ike;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.gatewise.agent.crypto.RandomSource;
import io.gatewise.agent.ike.codec.DecodeResult;
import io.gatewise.agent.ike.codec.DecodedPayloads;
import io.gatewise.agent.ike.codec.FragmentPayload;
import io.gatewise.agent.ike.codec.ExchangeType;
import io.gatewise.agent.ike.codec.IsakmpDecoder;
import io.gatewise.agent.ike.codec.IsakmpHeader;
import io.gatewise.agent.ike.codec.PayloadType;
import io.gatewise.agent.ike.codec.RawMessage;
import io.gatewise.agent.ike.config.ChildConfig;
import io.gatewise.agent.ike.config.DpdSettings;
import io.gatewise.agent.ike.config.EngineSettings;
import io.gatewise.agent.ike.config.PeerConfig;
import io.gatewise.agent.ike.event.IkeEvent;
import io.gatewise.agent.ike.event.IkeEventListener;
import io.gatewise.agent.ike.sa.ChildSa;
import io.gatewise.agent.ike.sa.DropReason;
import io.gatewise.agent.ike.sa.EngineCounters;
import io.gatewise.agent.ike.sa.IkeSa;
import io.gatewise.agent.ike.sa.IkeSaId;
import io.gatewise.agent.ike.sa.SaDatabase;
import io.gatewise.agent.ike.sa.SaHooks;
import io.gatewise.agent.ike.transport.Datagram;
import io.gatewise.agent.ike.transport.DatagramSink;
import io.gatewise.agent.ike.v1.FragmentReassembler;
import io.gatewise.agent.ike.v1.TaskManagerV1;
import io.gatewise.agent.ike.v1.V1Context;
import io.gatewise.agent.ipsec.IpsecBackend;
import io.gatewise.agent.ipsec.SaId;

/**
 * The IKE engine: configured peers, the SA database, and the routing of datagrams to the
 * IKE SA they belong to. Not thread-safe by design: one thread (the transport's event
 * loop, or a test) calls every method, passing the time in milliseconds of a monotonic
 * clock.
 *
 * <pre>
 *   receive(datagram, now) ─► header decode (malformed: dropped, counted)
 *       ─► SA by cookies ─► its task manager
 *       └─ no SA, Main Mode message 1 ─► peer by address ─► new half-open responder SA
 *          (bounded; the oldest half-open SA is evicted)
 *   tick(now) ─► retransmissions, timeouts, lifetimes, DPD probes (RFC 3706), and the
 *                DPD action RESTART for dead peers (DeadPeerActions)
 *   initiate(peer, child, now) / terminate(peer, now)
 * </pre>
 *
 * No exception escapes {@link #receive}: anything unexpected is counted as
 * {@link DropReason#INTERNAL_ERROR} and logged.
 */
public final class IkeEngine {
    private static final Logger LOG = LoggerFactory.getLogger(IkeEngine.class);

    private final EngineSettings settings;
    private final IpsecBackend backend;
    private final DatagramSink sink;
    private final IkeEventListener listener;
    private final IsakmpDecoder decoder = new IsakmpDecoder();
    private final SaDatabase db = new SaDatabase();
    private final EngineCounters counters = new EngineCounters();
    private final Map<String, PeerConfig> peers = new LinkedHashMap<>();
    private final V1Context ctx;
    private final FragmentReassembler fragments = new FragmentReassembler(FragmentReassembler.Limits.DEFAULT);
    private final Phase1Rekey phase1Rekey;
    private final DeadPeerActions deadPeers = new DeadPeerActions();
    private long reqIds;
    /** The clock of the call in progress, for hooks that are not given one. */
    private long lastNow;

    public IkeEngine(EngineSettings settings, RandomSource random, IpsecBackend backend, DatagramSink sink,
            IkeEventListener listener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.ctx = new V1Context(settings, Objects.requireNonNull(random, "random"), new Hooks());
        this.phase1Rekey = new Phase1Rekey(db, e -> ctx.hooks().emit(e));
    }

    // ---- configuration ---------------------------------------------------------------

    public void addPeer(PeerConfig peer) {
        peer.warnings().forEach(w -> LOG.warn("{}", w));
        peers.put(peer.name(), peer);
    }

    /** Removes a peer and deletes its SAs. */
    public void removePeer(String name, long now) {
        terminate(name, now);
        peers.remove(name);
        deadPeers.forget(name);
    }

    public Optional<PeerConfig> peer(String name) {
        return Optional.ofNullable(peers.get(name));
    }

    // ---- input -----------------------------------------------------------------------

    /** Handles one received ISAKMP message (without non-ESP marker). */
    public void receive(Datagram d, long now) {
        lastNow = now;
        counters.received();
        try {
            route(d, now, true);
        } catch (RuntimeException e) {
            counters.dropped(DropReason.INTERNAL_ERROR);
            LOG.warn("internal error handling a datagram from {}: {}", d.remote(), e.toString(), e);
        }
    }

    private void route(Datagram d, long now, boolean mayBeFragment) {
        DecodeResult<RawMessage> r = decoder.decodeHeader(d.data());
        if (!r.isOk()) {
            counters.dropped(DropReason.MALFORMED);
            LOG.debug("dropped datagram from {}: {}", d.remote(), r.failure());
            return;
        }
        RawMessage raw = r.value();
        IsakmpHeader h = raw.header();
        if (h.nextPayload() == PayloadType.FRAGMENT.value() && !h.isEncrypted()) {
            // IKEv1 fragmentation: reassemble first; a reassembled message is routed
            // like any other, but may not itself be a fragment again.
            if (mayBeFragment) {
                reassemble(d, raw, now);
            } else {
                counters.dropped(DropReason.MALFORMED);
            }
            return;
        }
        Optional<IkeSa> found = db.find(h.initiatorCookie(), h.responderCookie());
        IkeSa sa;
        if (found.isPresent()) {
            sa = found.get();
            if (!sa.remote().getAddress().equals(d.remote().getAddress())) {
                counters.dropped(DropReason.UNKNOWN_SA);
                LOG.debug("dropped message for {} from {}, which is not its peer", sa.id(), d.remote());
                return;
            }
        } else if (h.responderCookie() == 0 && (h.exchangeType() == ExchangeType.IDENTITY_PROTECTION
                || h.exchangeType() == ExchangeType.AGGRESSIVE) && h.messageId() == 0 && !h.isEncrypted()) {
            Optional<IkeSa> again = db.findResponder(h.initiatorCookie(), d.remote().getAddress());
            sa = again.isPresent() ? again.get() : newResponder(d, h, now);
            if (sa == null) {
                return;
            }
        } else {
            counters.dropped(DropReason.UNKNOWN_SA);
            LOG.debug("dropped {} message from {}: no IKE SA {}", h.exchangeType(), d.remote(),
                    new IkeSaId(h.initiatorCookie(), h.responderCookie()));
            return;
        }
        sa.taskManager().receive(raw, d, now);
    }

    private void reassemble(Datagram d, RawMessage raw, long now) {
        DecodeResult<DecodedPayloads> p = decoder.decodePayloads(PayloadType.FRAGMENT.value(),
                raw.body().toByteArray(), false);
        Optional<FragmentPayload> f = p.isOk() ? p.value().first(FragmentPayload.class) : Optional.empty();
        if (f.isEmpty()) {
            counters.dropped(DropReason.MALFORMED);
            LOG.debug("dropped malformed fragment from {}", d.remote());
            return;
        }
        fragments.offer(d.remote().getAddress(), raw.header().initiatorCookie(), f.get(), now)
                .ifPresent(message -> route(new Datagram(d.local(), d.remote(), message), now, false));
    }

    /** The IKEv1 fragment reassembly state and its counters. */
    public FragmentReassembler fragments() {
        return fragments;
    }

    private IkeSa newResponder(Datagram d, IsakmpHeader h, long now) {
        Optional<PeerConfig> peer = responderPeer(d.remote().getAddress(), d.local().getAddress());
        if (peer.isEmpty()) {
            counters.dropped(DropReason.NO_CONFIG);
            LOG.info("{} request from {} ignored: no peer is configured for that address", h.exchangeType(),
                    d.remote());
            return null;
        }
        IkeSa sa = new IkeSa(new IkeSaId(h.initiatorCookie(), cookie()), IkeSa.Role.RESPONDER, peer.get(),
                d.local(), d.remote(), now);
        TaskManagerV1.forResponder(sa, ctx, h.exchangeType());
        phase1Rekey.created(sa);
        db.addResponder(sa, settings.maxHalfOpen()).ifPresent(evicted -> {
            counters.dropped(DropReason.HALF_OPEN_EVICTED);
            evicted.taskManager().abort("evicted: more than " + settings.maxHalfOpen() + " half-open IKE SAs", now);
        });
        return sa;
    }

    /** The most specific peer for an initiator's address. */
    private Optional<PeerConfig> responderPeer(InetAddress remote, InetAddress local) {
        return peers.values().stream()
                .filter(p -> p.matchesRemote(remote))
                .filter(p -> p.localAddress().isAnyLocalAddress() || local.isAnyLocalAddress()
                        || p.localAddress().equals(local))
                .max(Comparator.comparingInt(PeerConfig::remotePrefixLength));
    }

    private long cookie() {
        byte[] b = ctx.random().randomBytes(8);
        long v = 0;
        for (byte x : b) {
            v = (v << 8) | (x & 0xff);
        }
        return v == 0 ? 1 : v;
    }

    /** Runs retransmissions, timeouts and lifetimes due at {@code now}. */
    public void tick(long now) {
        lastNow = now;
        fragments.evictExpired(now);
        phase1Rekey.tick(now);
        for (IkeSa sa : db.ikeSas()) {
            try {
                if (sa.state() != IkeSa.State.DEAD && sa.taskManager().nextDeadline() <= now) {
                    sa.taskManager().tick(now);
                }
            } catch (RuntimeException e) {
                counters.dropped(DropReason.INTERNAL_ERROR);
                LOG.warn("internal error in the timers of {}: {}", sa.id(), e.toString(), e);
            }
        }
        for (String peer : deadPeers.due(now)) {
            restartDeadPeer(peer, now);
        }
    }

    /** DPD action RESTART (RFC 3706): bring the tunnel up again, unless an attempt is still running. */
    private void restartDeadPeer(String name, long now) {
        PeerConfig peer = peers.get(name);
        if (peer == null || !peer.canInitiate()) {
            deadPeers.forget(name);
            return;
        }
        if (!deadPeers.shouldInitiate(name, liveSa(name).isPresent(), now)) {
            return;                       // an attempt still negotiates, or the backoff runs
        }
        LOG.info("tunnel {} is down after dead peer detection: initiating again (attempt {})", name,
                deadPeers.attempts(name));
        start(peer, peer.children(), now);
    }

    /** When {@link #tick} should run next, {@link Long#MAX_VALUE} if nothing is pending. */
    public long nextDeadline() {
        long next = phase1Rekey.nextDeadline();
        for (IkeSa sa : db.ikeSas()) {
            next = Math.min(next, sa.taskManager().nextDeadline());
        }
        return Math.min(next, deadPeers.nextDeadline());
    }

    // ---- control ---------------------------------------------------------------------

    /**
     * Brings up a child of a peer (all its children when {@code childName} is null):
     * Main Mode first when no IKE SA to the peer exists, then one Quick Mode per child.
     */
    public void initiate(String peerName, String childName, long now) {
        PeerConfig peer = peers.get(peerName);
        if (peer == null) {
            throw new IllegalArgumentException("no peer " + peerName);
        }
        if (!peer.canInitiate()) {
            throw new IllegalArgumentException("peer " + peerName + " is a network; only it can initiate");
        }
        List<ChildConfig> children = childName == null ? peer.children()
                : List.of(peer.child(childName).orElseThrow(() -> new IllegalArgumentException(
                        "peer " + peerName + " has no child " + childName)));
        deadPeers.forget(peerName);       // told to initiate: no longer held down by a DPD action
        start(peer, children, now);
    }

    private void start(PeerConfig peer, List<ChildConfig> children, long now) {
        String peerName = peer.name();
        IkeSa sa = liveSa(peerName).orElse(null);
        if (sa == null) {
            sa = newInitiatorSa(peer, now);
            for (ChildConfig c : children) {
                sa.taskManager().initiateChild(c, now);
            }
            sa.taskManager().initiate(now);
            return;
        }
        for (ChildConfig c : children) {
            sa.taskManager().initiateChild(c, now);
        }
    }

    private IkeSa newInitiatorSa(PeerConfig peer, long now) {
        IkeSa sa = new IkeSa(new IkeSaId(cookie(), 0), IkeSa.Role.INITIATOR, peer,
                new InetSocketAddress(peer.localAddress(), settings.ikePort()),
                new InetSocketAddress(peer.remoteAddress(), settings.ikePort()), now);
        TaskManagerV1.forInitiator(sa, ctx);
        db.addInitiator(sa);
        phase1Rekey.created(sa);
        return sa;
    }

    /**
     * Rekeys a tunnel now (operator action): a new phase 1 with the peer, which takes over
     * the child SAs, then a Quick Mode for each of them on it. For a peer we cannot
     * initiate to (a network), only the children are rekeyed. Make-before-break: traffic
     * keeps flowing over the old SAs until the new ones are installed.
     *
     * @return false when no established SA with the peer exists
     */
    public boolean rekeyTunnel(String peerName, long now) {
        lastNow = now;
        Optional<IkeSa> sa = db.ikeSas().stream()
                .filter(s -> s.isEstablished() && s.peer() != null && s.peer().name().equals(peerName))
                .max(Comparator.comparingLong(IkeSa::establishedAtMillis));
        if (sa.isEmpty()) {
            return false;
        }
        if (sa.get().peer().canInitiate() && sa.get().taskManager() instanceof TaskManagerV1 tm) {
            phase1Rekey.rekeyChildrenWhenEstablished(sa.get());
            tm.rekeyIkeSaNow(now);
        } else {
            sa.get().taskManager().rekeyChildren(now);
        }
        return true;
    }

    /** Deletes every SA with a peer, telling it. */
    public void terminate(String peerName, long now) {
        deadPeers.forget(peerName);
        for (IkeSa sa : db.ikeSas()) {
            if (sa.state() != IkeSa.State.DEAD && sa.peer() != null && sa.peer().name().equals(peerName)) {
                sa.taskManager().delete("terminated locally", now);
            }
        }
    }

    /** Deletes every SA, telling the peers (shutdown). */
    public void terminateAll(long now) {
        for (IkeSa sa : db.ikeSas()) {
            if (sa.state() != IkeSa.State.DEAD) {
                sa.taskManager().delete("agent shutting down", now);
            }
        }
    }

    /**
     * The datapath reports that an SA reached a lifetime limit (posted to the engine
     * thread). At the hard limit the child is deleted and the peer told; rekeying at the
     * soft limit is the next issue's work.
     */
    public void onLifetimeExpired(SaId id, boolean hard, long now) {
        Optional<ChildSa> child = db.childByInboundSpi(id.spi())
                .or(() -> db.childByOutboundSpi(id.spi(), id.destination()));
        if (child.isEmpty()) {
            return;
        }
        if (!hard) {
            // the datapath reports only the soft volume limit (time is scheduled by the engine)
            db.find(child.get().ikeSa().initiatorCookie(), child.get().ikeSa().responderCookie())
                    .filter(IkeSa::isEstablished)
                    .ifPresent(sa -> {
                        if (sa.taskManager().rekeyChild(child.get(), now)) {
                            LOG.info("CHILD SA {} with {} reached its soft lifetime: rekeying", child.get().name(),
                                    child.get().peer());
                        }
                    });
            return;
        }
        db.find(child.get().ikeSa().initiatorCookie(), child.get().ikeSa().responderCookie())
                .ifPresent(sa -> sa.taskManager().deleteChild(child.get(), "hard lifetime expired", now));
    }

    /** The newest established SA with the peer (during a phase 1 rekey: the new one), else our initiation. */
    private Optional<IkeSa> liveSa(String peerName) {
        List<IkeSa> mine = db.ikeSas().stream()
                .filter(s -> s.state() != IkeSa.State.DEAD && s.peer() != null && s.peer().name().equals(peerName))
                .toList();
        Optional<IkeSa> established = mine.stream().filter(IkeSa::isEstablished)
                .max(Comparator.comparingLong(IkeSa::establishedAtMillis));
        return established.isPresent() ? established : mine.stream().filter(IkeSa::isInitiator).findFirst();
    }

    // ---- observation -----------------------------------------------------------------

    /**
     * Where NAT-keepalives go (RFC 3948 section 2.3): the peers of established IKE SAs that
     * moved to the NAT-T port, so that a NAT mapping on the path stays open.
     */
    public List<InetSocketAddress> natKeepaliveTargets() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (IkeSa sa : db.ikeSas()) {
            if (sa.state() != IkeSa.State.DEAD && sa.isEstablished() && sa.floated() && !out.contains(sa.remote())) {
                out.add(sa.remote());
            }
        }
        return out;
    }

    public EngineCounters counters() {
        return counters;
    }

    /**
     * True when DPD declared the peer dead with action CLEAR and nothing brought it back
     * since: traffic must not renegotiate the tunnel (HOLD, by contrast, waits for it).
     */
    public boolean clearedByDpd(String peerName) {
        return deadPeers.cleared(peerName);
    }

    /** RESTART attempts made since DPD declared the peer dead; 0 when none is pending. */
    public int dpdRestartAttempts(String peerName) {
        return deadPeers.attempts(peerName);
    }

    public int ikeSaCount() {
        return db.ikeSaCount();
    }

    public int halfOpenCount() {
        return db.halfOpenCount();
    }

    public int childSaCount() {
        return db.childSaCount();
    }

    public List<IkeSaInfo> ikeSas() {
        List<IkeSaInfo> out = new ArrayList<>();
        for (IkeSa sa : db.ikeSas()) {
            out.add(new IkeSaInfo(sa.peerName(), sa.id().toString(), sa.state().name(), sa.isInitiator(),
                    sa.local().toString(), sa.remote().toString(),
                    sa.proposal() == null ? "" : sa.proposal().describe(), sa.floated(), sa.children()));
        }
        return out;
    }

    /** The engine's side of the task managers' needs. */
    private final class Hooks implements SaHooks {
        @Override
        public void send(Datagram datagram) {
            sink.send(datagram);
        }

        @Override
        public void emit(IkeEvent event) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("event listener failed: {}", e.toString(), e);
            }
        }

        @Override
        public EngineCounters counters() {
            return counters;
        }

        @Override
        public IpsecBackend backend() {
            return backend;
        }

        @Override
        public void responderCookieKnown(IkeSa sa) {
            db.responderCookieKnown(sa);
        }

        @Override
        public void established(IkeSa sa) {
            db.established(sa);
            phase1Rekey.established(sa, sa.establishedAtMillis());
            deadPeers.forget(sa.peerName());
        }

        @Override
        public void childInstalled(ChildSa child) {
            db.addChild(child);
        }

        @Override
        public void childRemoved(ChildSa child) {
            db.removeChild(child);
        }

        @Override
        public void dead(IkeSa sa) {
            db.remove(sa);
            phase1Rekey.dead(sa, lastNow);
        }

        @Override
        public void rekeyIkeSa(IkeSa old, long now) {
            IkeSa sa = newInitiatorSa(old.peer(), now);
            sa.setReplacement(true);
            phase1Rekey.started(old, sa);
            sa.taskManager().initiate(now);
        }

        @Override
        public void handOverChildren(IkeSa dying, long now) {
            phase1Rekey.handOver(dying, now);
        }

        @Override
        public Optional<ChildSa> childByOutboundSpi(int spi, InetAddress peer) {
            return db.childByOutboundSpi(spi, peer);
        }

        @Override
        public List<IkeSa> ikeSas() {
            return db.ikeSas().stream().filter(s -> s.state() != IkeSa.State.DEAD).toList();
        }

        @Override
        public void peerDead(IkeSa sa, long now) {
            PeerConfig peer = sa.peer() == null ? null : peers.get(sa.peer().name());
            if (peer == null) {
                return;
            }
            DpdSettings.Action action = peer.dpd().action();
            if (action == DpdSettings.Action.RESTART && !peer.canInitiate()) {
                LOG.info("peer {} is dead; it is a network of peers, so it must initiate again itself", peer.name());
                return;
            }
            if (action == DpdSettings.Action.HOLD && !peer.canInitiate()) {
                // no address to initiate to: traffic cannot bring it back, so HOLD is CLEAR
                LOG.info("peer {} is dead: DPD action HOLD acts as CLEAR, the peer is a network of peers and must "
                        + "initiate again itself", peer.name());
                deadPeers.dead(peer.name(), DpdSettings.Action.CLEAR, now);
                return;
            }
            deadPeers.dead(peer.name(), action, now);
            LOG.info("peer {} is dead: {}", peer.name(), switch (action) {
                case RESTART -> "renegotiating now, then with backoff until it answers";
                case CLEAR -> "tunnel stays down until the peer initiates or the configuration changes";
                case HOLD -> "tunnel renegotiates when traffic for it appears";
            });
        }

        @Override
        public long nextReqId() {
            return ++reqIds;
        }
    }
}
