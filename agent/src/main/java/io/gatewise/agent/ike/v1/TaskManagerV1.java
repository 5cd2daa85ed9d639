package io.gatewise.agent.ike.v1;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.gatewise.agent.ike.codec.CodecException;
import io.gatewise.agent.ike.codec.DecodeResult;
import io.gatewise.agent.ike.codec.DecodedPayloads;
import io.gatewise.agent.ike.codec.ExchangeType;
import io.gatewise.agent.ike.codec.HashPayload;
import io.gatewise.agent.ike.codec.IsakmpDecoder;
import io.gatewise.agent.ike.codec.IsakmpEncoder;
import io.gatewise.agent.ike.codec.IsakmpHeader;
import io.gatewise.agent.ike.codec.MessageRules;
import io.gatewise.agent.ike.codec.NotificationPayload;
import io.gatewise.agent.ike.codec.NotifyType;
import io.gatewise.agent.ike.codec.Payload;
import io.gatewise.agent.ike.codec.RawMessage;
import io.gatewise.agent.ike.config.ChildConfig;
import io.gatewise.agent.ike.config.Phase1Mode;
import io.gatewise.agent.ike.event.ChildSaEstablished;
import io.gatewise.agent.ike.event.ChildSaFailed;
import io.gatewise.agent.ike.event.IkeSaEstablished;
import io.gatewise.agent.ike.event.IkeSaFailed;
import io.gatewise.agent.ike.proposal.IkeProposal;
import io.gatewise.agent.ike.sa.ChildSa;
import io.gatewise.agent.ike.sa.DropReason;
import io.gatewise.agent.ike.sa.IkeException;
import io.gatewise.agent.ike.sa.IkeSa;
import io.gatewise.agent.ike.sa.InboundMessage;
import io.gatewise.agent.ike.sa.OutboundMessage;
import io.gatewise.agent.ike.sa.Task;
import io.gatewise.agent.ike.sa.TaskManager;
import io.gatewise.agent.ike.sa.TaskStatus;
import io.gatewise.agent.ike.transport.Datagram;

/**
 * The IKEv1 task manager of one ISAKMP SA (strongSwan's {@code task_manager_v1}).
 *
 * <pre>
 *  receive ─► duplicate of the last request? ─ yes ─► send the stored answer again
 *     │ no
 *     ▼
 *  route by exchange type and message id (phase 1 = id 0, Quick Mode = its id,
 *  informational = one-shot) ─► decrypt (IV per message id) ─► decode payloads
 *     ─► message rules ─► tasks.process ─► IV chain advanced, NAT-T floating
 *     ─► tasks.build ─► encrypt ─► send, retransmit until answered
 *  any IkeException ─► one place: notification to the peer, event with the reason
 * </pre>
 */
public final class TaskManagerV1 implements TaskManager {
    private static final Logger LOG = LoggerFactory.getLogger(TaskManagerV1.class);
    static final IsakmpDecoder DECODER = new IsakmpDecoder();
    /** Message ids remembered per SA to refuse replays (phase 2 and informational). */
    private static final int SEEN_MESSAGE_IDS = 512;
    /** Quick Modes we run at once per SA; more children wait for a free slot. */
    static final int MAX_ACTIVE_QUICK_MODES = 8;
    /**
     * IV chains kept per SA: our Quick Modes, the peer's (it may start many children at
     * once) and informationals in flight. A chain dropped too early breaks its exchange.
     */
    static final int MAX_IV_CHAINS = 128;

    private final IkeSa sa;
    private final V1Context ctx;
    private final Map<Integer, Exchange> exchanges = new HashMap<>();
    private final LinkedHashSet<Integer> seenMessageIds = new LinkedHashSet<>();
    private final List<ChildConfig> pendingChildren = new ArrayList<>();
    private final Informational informational;
    private final ChildRekey childRekey;
    /** Outbound SPIs of pairs we removed lately: the peer's Delete for them is no surprise. */
    private final LinkedHashSet<Integer> recentlyDeleted = new LinkedHashSet<>();
    private final DeadPeerDetection dpd;
    private final IsakmpLifetimeAnnouncement lifetimeAnnouncement;
    private Exchange phase1;
    /** The last IKE fragment ID used on this SA (1..65535, then wraps). */
    private int fragmentId;
    /** Phase 1 rekey time (RekeyScheduler), set once established. */
    private long ikeRekeyAt = Long.MAX_VALUE;
    private boolean ikeRekeyStarted;
    /** The peer's phase 1 carried INITIAL-CONTACT; acted upon once it authenticated. */
    private boolean peerInitialContact;

    private TaskManagerV1(IkeSa sa, V1Context ctx) {
        this.sa = sa;
        this.ctx = ctx;
        this.informational = new Informational(sa, ctx, this);
        this.childRekey = new ChildRekey(sa, ctx, new ChildRekeyActions(this));
        this.dpd = new DeadPeerDetection(sa, ctx, this, informational);
        this.lifetimeAnnouncement = new IsakmpLifetimeAnnouncement(sa, informational);
        sa.setTaskManager(this);
    }

    /** A task manager for an SA we initiate; call {@link #initiate}. */
    public static TaskManagerV1 forInitiator(IkeSa sa, V1Context ctx) {
        return new TaskManagerV1(sa, ctx);
    }

    /** A task manager for an SA created by a received Main Mode message 1. */
    public static TaskManagerV1 forResponder(IkeSa sa, V1Context ctx) {
        return forResponder(sa, ctx, ExchangeType.IDENTITY_PROTECTION);
    }

    /**
     * A task manager for an SA created by a received message 1 of Main Mode
     * ({@link ExchangeType#IDENTITY_PROTECTION}) or {@link ExchangeType#AGGRESSIVE}.
     */
    public static TaskManagerV1 forResponder(IkeSa sa, V1Context ctx, ExchangeType phase1Exchange) {
        TaskManagerV1 tm = new TaskManagerV1(sa, ctx);
        tm.phase1 = tm.newPhase1(false, phase1Exchange);
        return tm;
    }

    private Exchange newPhase1(boolean initiator, ExchangeType type) {
        if (type != ExchangeType.IDENTITY_PROTECTION && type != ExchangeType.AGGRESSIVE) {
            throw new IllegalArgumentException(type + " is not a phase 1 exchange");
        }
        Exchange ex = new Exchange(0, type, initiator);
        boolean aggressive = type == ExchangeType.AGGRESSIVE;
        // the mode's task first: its SA payload leads messages 1 and 2, as RFC 2409 section 5 draws them
        ex.tasks.add(aggressive ? new AggressiveModeTask(sa, ctx) : new MainModeTask(sa, ctx));
        ex.tasks.add(new VendorIdTask(sa));
        ex.tasks.add(new NatDetectionTask(sa, ctx, aggressive));
        exchanges.put(0, ex);
        return ex;
    }

    IkeSa sa() {
        return sa;
    }

    V1Context ctx() {
        return ctx;
    }

    DeadPeerDetection dpd() {
        return dpd;
    }

    /** A protected Informational from the peer verified: it has finished phase 1. */
    void peerInformationalVerified(long now) {
        lifetimeAnnouncement.peerFinishedPhase1(now);
    }

    /** One protected Informational exchange with these payloads (Notify, Delete). */
    void sendInformational(List<Payload> payloads, long now) {
        informational.send(payloads, now);
    }

    @Override
    public void initiate(long now) {
        Phase1Mode mode = sa.peer().mode();
        phase1 = newPhase1(true, mode == Phase1Mode.AGGRESSIVE ? ExchangeType.AGGRESSIVE
                : ExchangeType.IDENTITY_PROTECTION);
        LOG.info("initiating {} with {} at {}", mode.plainName(), sa.peerName(), sa.remote());
        buildAndSend(phase1, now);
    }

    // ---- receiving -------------------------------------------------------------------

    @Override
    public void receive(RawMessage raw, Datagram d, long now) {
        IsakmpHeader h = raw.header();
        int mid = h.messageId();
        Exchange ex = exchanges.get(mid);
        if (ex != null && ex.isDuplicate(d.data())) {
            ctx.hooks().counters().dropped(DropReason.DUPLICATE);
            Datagram answer = ex.replyToDuplicate();
            if (answer != null) {
                LOG.debug("{}: retransmitted request, sending our answer again", sa.id());
                send(answer);
            }
            return;
        }
        switch (h.exchangeType()) {
            case IDENTITY_PROTECTION, AGGRESSIVE -> {
                if (phase1 != null && phase1.type != h.exchangeType()) {
                    drop(DropReason.UNSUPPORTED_EXCHANGE, h.exchangeType() + " on an SA of " + phase1.describe(), raw);
                    return;
                }
                if (mid != 0 || phase1 == null || phase1.isComplete()) {
                    drop(DropReason.UNEXPECTED, h.exchangeType() + " message outside its phase 1", raw);
                    return;
                }
                if (sa.isInitiator() && sa.id().responderCookie() == 0 && h.responderCookie() == 0) {
                    drop(DropReason.MALFORMED, "phase 1 answer without responder cookie", raw);
                    return;
                }
                ex = phase1;
            }
            case QUICK_MODE -> {
                if (!sa.isEstablished() || mid == 0) {
                    drop(DropReason.UNEXPECTED, "Quick Mode before phase 1 completed", raw);
                    return;
                }
                if (ex == null) {
                    if (seenMessageIds.contains(mid)) {
                        drop(DropReason.INVALID_MESSAGE_ID, "replayed message id", raw);
                        return;
                    }
                    ex = new Exchange(mid, ExchangeType.QUICK_MODE, false);
                    ex.startedAt = now;
                    QuickModeTask qm = QuickModeTask.responder(sa, ctx, mid);
                    ex.tasks.add(qm);
                    ex.primary = qm;
                } else if (ex.isComplete()) {
                    drop(DropReason.INVALID_MESSAGE_ID, "message for a finished Quick Mode", raw);
                    return;
                }
            }
            case INFORMATIONAL -> {
                informational.receive(raw, d, now);
                return;
            }
            default -> {
                drop(DropReason.UNSUPPORTED_EXCHANGE, h.exchangeType() + " is not supported", raw);
                return;
            }
        }
        Exchange exchange = ex;
        Optional<DecodedPayloads> payloads = open(raw, exchange, now);
        if (payloads.isEmpty()) {
            discardIfUnborn(exchange);
            return;
        }
        if (exchange != phase1) {
            lifetimeAnnouncement.peerFinishedPhase1(now);
        }
        MessageRules.Sender sender = exchange.weInitiated ? MessageRules.Sender.RESPONDER
                : MessageRules.Sender.INITIATOR;
        try {
            MessageRules.check(h.exchangeType(), sender, h.isEncrypted(), payloads.get());
        } catch (CodecException e) {
            exchange.lastProblem = e.getMessage();
            drop(DropReason.RULES, e.getMessage(), raw);
            discardIfUnborn(exchange);
            return;
        }
        process(exchange, raw, new InboundMessage(h, payloads.get(), h.isEncrypted(), d, now), now);
    }

    /** Decrypts and decodes; empty (and counted) when that fails. */
    Optional<DecodedPayloads> open(RawMessage raw, Exchange ex, long now) {
        IsakmpHeader h = raw.header();
        byte[] body = raw.body().toByteArray();
        if (!h.isEncrypted()) {
            DecodeResult<DecodedPayloads> r = DECODER.decodePayloads(h.nextPayload(), body, false);
            if (!r.isOk()) {
                if (ex != null) {
                    ex.lastProblem = r.failure().toString();
                }
                drop(DropReason.MALFORMED, r.failure().toString(), raw);
                return Optional.empty();
            }
            return Optional.of(r.value());
        }
        if (!sa.hasKeys()) {
            drop(DropReason.UNEXPECTED, "encrypted message before keys exist", raw);
            return Optional.empty();
        }
        try {
            byte[] plain = MessageCrypto.decrypt(sa, h.messageId(), body);
            DecodeResult<DecodedPayloads> r = DECODER.decodePayloads(h.nextPayload(), plain, true);
            if (!r.isOk()) {
                throw IkeException.integrity(r.failure().notifyType(), (ex != null ? ex.describe()
                        : "informational") + " message does not decrypt into valid payloads (" + r.failure().reason()
                        + "): the pre-shared keys of the two sides probably differ");
            }
            return Optional.of(r.value());
        } catch (IkeException e) {
            integrityFailure(ex, e, now);
            return Optional.empty();
        }
    }

    private void process(Exchange ex, RawMessage raw, InboundMessage msg, long now) {
        boolean fresh = !exchanges.containsKey(ex.messageId);
        if (ex == phase1 && sa.isInitiator() && sa.id().responderCookie() == 0) {
            // before the tasks: Aggressive Mode derives keys (CKY-R is in SKEYID_d/a/e) and
            // NAT-D hashes from message 2 itself
            sa.setResponderCookie(msg.header().responderCookie());
            ctx.hooks().responderCookieKnown(sa);
        }
        try {
            for (Task t : new ArrayList<>(ex.tasks)) {
                if (t.process(msg) == TaskStatus.SUCCESS) {
                    ex.tasks.remove(t);
                }
            }
        } catch (IkeException e) {
            if (fresh && e.kind() == IkeException.Kind.PROTOCOL) {
                register(ex);
                ex.received(msg.datagram().data());
            }
            if (e.kind() == IkeException.Kind.PROTOCOL && msg.encrypted()) {
                // it decrypted into valid payloads, so both sides share the keys: the peer
                // moved its IV past this message, and our notification must follow it
                MessageCrypto.accept(sa, ex.messageId, raw.body().toByteArray());
            }
            if (e.kind() != IkeException.Kind.PROTOCOL && discardIfUnborn(ex)) {
                ctx.hooks().counters().dropped(e.kind() == IkeException.Kind.INTEGRITY ? DropReason.INTEGRITY
                        : DropReason.UNEXPECTED);
                return;
            }
            taskFailed(ex, e, now);
            return;
        }
        if (msg.encrypted()) {
            MessageCrypto.accept(sa, ex.messageId, raw.body().toByteArray());
            if (sa.isEstablished()) {
                dpd.heard(now);
            }
        }
        if (ex == phase1 && InitialContact.carried(msg)) {
            peerInitialContact = true;
        }
        if (ex == phase1 && msg.encrypted()) {
            msg.payloads().all(NotificationPayload.class).stream().filter(n -> ResponderLifetime.isForIsakmpSa(n, sa))
                    .forEach(this::isakmpLifetimeAnnounced);
        }
        if (fresh) {
            register(ex);
        }
        ex.received(msg.datagram().data());
        floatIfNeeded(msg.datagram());
        if (ex.tasks.isEmpty()) {
            exchangeDone(ex, now);
            return;
        }
        if (ex == phase1 && ex.type == ExchangeType.AGGRESSIVE && sa.isInitiator()) {
            InitialContact.beforeAggressiveMessage3(sa, ctx, informational, now);
        }
        buildAndSend(ex, now);
    }

    /**
     * A responder SA exists from the moment a Main Mode message 1 arrives; if that very
     * message turns out to be unusable, the SA is forgotten at once and silently, so
     * that garbage never leaves state behind.
     */
    private boolean discardIfUnborn(Exchange ex) {
        if (ex != phase1 || sa.isInitiator() || phase1.hasReceived() || sa.state() == IkeSa.State.DEAD) {
            return false;
        }
        informational.teardown(0, "message 1 unusable");
        return true;
    }

    private void register(Exchange ex) {
        exchanges.put(ex.messageId, ex);
        rememberMessageId(ex.messageId);
    }

    void rememberMessageId(int mid) {
        seenMessageIds.add(mid);
        if (seenMessageIds.size() > SEEN_MESSAGE_IDS) {
            seenMessageIds.remove(seenMessageIds.iterator().next());
        }
    }

    boolean seen(int mid) {
        return seenMessageIds.contains(mid) || exchanges.containsKey(mid);
    }

    /**
     * RFC 3947 section 4: after NAT detection the initiator moves to UDP 4500 for message
     * 5 on; either side follows the peer's address and port when an accepted message
     * arrives on 4500 from elsewhere (a NAT mapping that changed).
     */
    private void floatIfNeeded(Datagram d) {
        int natt = ctx.settings().nattPort();
        if (d.local().getPort() == natt) {
            if (!d.remote().equals(sa.remote()) || !d.local().equals(sa.local())) {
                boolean remoteChanged = !d.remote().equals(sa.remote());
                sa.setEndpoints(d.local(), d.remote());
                if (remoteChanged) {
                    updateChildEndpoints();
                }
            }
            sa.setFloated(true);
        }
        if (sa.isInitiator() && !sa.floated() && sa.natDetected() && sa.peerSupportsNatT()) {
            sa.setEndpoints(new InetSocketAddress(sa.local().getAddress(), natt),
                    new InetSocketAddress(sa.remote().getAddress(), natt));
            sa.setFloated(true);
        }
    }

    private void updateChildEndpoints() {
        for (ChildSa c : sa.children()) {
            if (c.udpEncapsulated()) {
                var local = new io.gatewise.agent.ipsec.Endpoint(sa.local().getAddress(), sa.local().getPort());
                var remote = new io.gatewise.agent.ipsec.Endpoint(sa.remote().getAddress(), sa.remote().getPort());
                ctx.hooks().backend().updateSaEndpoints(c.inboundId(), local, remote);
                ctx.hooks().backend().updateSaEndpoints(c.outboundId(), local, remote);
            }
        }
    }

    // ---- sending ---------------------------------------------------------------------

    private void buildAndSend(Exchange ex, long now) {
        OutboundMessage m = new OutboundMessage(ex.type, ex.messageId, now);
        try {
            for (Task t : new ArrayList<>(ex.tasks)) {
                if (t.build(m) == TaskStatus.SUCCESS) {
                    ex.tasks.remove(t);
                }
            }
        } catch (IkeException e) {
            taskFailed(ex, e, now);
            return;
        }
        Datagram d = encode(m);
        send(d);
        boolean awaitAnswer = !ex.tasks.isEmpty();
        ex.sent(d, awaitAnswer, now, ctx.settings().retransmitDelay(0));
        if (!awaitAnswer) {
            exchangeDone(ex, now);
        }
    }

    /** Encodes (HASH first if asked, then encryption) with this SA's cookies and endpoints. */
    Datagram encode(OutboundMessage m) {
        List<Payload> all = new ArrayList<>();
        if (m.hashOverRest() != null) {
            byte[] rest = IsakmpEncoder.encodePayloads(m.payloads());
            all.add(new HashPayload(io.gatewise.agent.ike.codec.Bytes.of(m.hashOverRest().apply(rest))));
        }
        all.addAll(m.payloads());
        IsakmpHeader header = IsakmpHeader.of(sa.id().initiatorCookie(), sa.id().responderCookie(), m.exchange(), 0,
                m.messageId());
        byte[] bytes;
        if (m.isEncrypted()) {
            byte[] cipher = MessageCrypto.encrypt(sa, m.messageId(), IsakmpEncoder.encodePayloads(all));
            bytes = IsakmpEncoder.encode(header.withFlags(IsakmpHeader.FLAG_ENCRYPTION), all.get(0).typeValue(),
                    cipher);
        } else {
            bytes = IsakmpEncoder.encode(header, all);
        }
        return new Datagram(sa.local(), sa.remote(), bytes);
    }

    /**
     * Sends one message; split into IKE fragments when it would exceed a 1280-byte IP
     * datagram and the peer announced that it reassembles them ({@link MessageFragmenter}).
     * A retransmission is split again under a new fragment ID.
     */
    void send(Datagram d) {
        int limit = MessageFragmenter.maxMessageBytes(d.remote());
        if (sa.peerSupportsFragmentation() && d.data().length > limit) {
            List<byte[]> parts = MessageFragmenter.split(d.data(), nextFragmentId(), limit);
            LOG.debug("{}: sending a {}-byte message as {} IKE fragments", sa.id(), d.data().length, parts.size());
            for (byte[] part : parts) {
                ctx.hooks().send(new Datagram(d.local(), d.remote(), part));
            }
        } else {
            ctx.hooks().send(d);
        }
        ctx.hooks().counters().sent();
    }

    private int nextFragmentId() {
        fragmentId = fragmentId % 0xffff + 1;
        return fragmentId;
    }

    // ---- completion and failure --------------------------------------------------------

    private void exchangeDone(Exchange ex, long now) {
        ex.complete(now);
        if (ex == phase1) {
            phase1Done(now);
            return;
        }
        if (ex.primary instanceof QuickModeTask qm && qm.installed() != null) {
            ChildSa child = qm.installed();
            sa.children().add(child);
            ctx.hooks().childInstalled(child);
            if (sa.ivs() != null) {
                sa.ivs().remove(ex.messageId);
            }
            emit(new ChildSaEstablished(now, sa.peerName(), child.name(), sa.id().toString(),
                    ChildSa.spiHex(child.spiIn()), ChildSa.spiHex(child.spiOut()), qm.proposalName(), qm.modeName(),
                    TrafficSelectors.describe(child.localTs()), TrafficSelectors.describe(child.remoteTs()),
                    child.lifetimeSeconds()));
            childRekey.installed(child, qm.weInitiated(), qm.lowestNonce(), qm.rekeyOf(), ex.startedAt, now);
        }
        startPendingChildren(now);
    }

    private void phase1Done(long now) {
        sa.setEstablished(now);
        ikeRekeyAt = RekeyScheduler.rekeyAt(now, sa.lifetimeSeconds(), ctx.random());
        dpd.established(now);
        if (peerInitialContact) {
            // first: the rekey logic would otherwise take this SA for a rekey of the stale
            // one and adopt its children, whose SPIs the peer has forgotten
            InitialContact.received(sa, ctx, now);
        }
        ctx.hooks().established(sa);
        lifetimeAnnouncement.phase1Done(phase1.type == ExchangeType.AGGRESSIVE, now);
        emit(new IkeSaEstablished(now, sa.peerName(), sa.id().toString(), sa.isInitiator(), sa.local().toString(),
                sa.remote().toString(), String.valueOf(sa.localId()), String.valueOf(sa.remoteId()),
                sa.proposal().describe(), sa.lifetimeSeconds(), sa.floated(),
                sa.peer().mode() == Phase1Mode.AGGRESSIVE ? "aggressive" : "main", sa.authMethod(),
                sa.peerCertificateSha256()));
        startPendingChildren(now);
    }

    /** The one place where a failed exchange becomes a notification and an event. */
    private void taskFailed(Exchange ex, IkeException e, long now) {
        switch (e.kind()) {
            case UNEXPECTED -> {
                ex.lastProblem = e.reason();
                ctx.hooks().counters().dropped(DropReason.UNEXPECTED);
                LOG.debug("{}: dropped: {}", sa.id(), e.reason());
            }
            case INTEGRITY -> integrityFailure(ex, e, now);
            case PROTOCOL -> {
                if (ex == phase1) {
                    failPhase1(e.notifyType(), false, e.notifyType().rfcName(), e.reason(), false, now,
                            e.offeredProposals(), e.acceptedProposals());
                } else {
                    failQuickMode(ex, e.notifyType().rfcName(), e.reason(), false, now, e);
                }
            }
        }
    }

    /**
     * A message that does not decrypt or authenticate: dropped. An established SA does
     * not care; a half-open one fails when it happens again (a peer with another key
     * retransmits the same bad message), with the notification the failure calls for.
     */
    void integrityFailure(Exchange ex, IkeException e, long now) {
        ctx.hooks().counters().dropped(DropReason.INTEGRITY);
        LOG.debug("{}: dropped: {}", sa.id(), e.reason());
        if (ex != null) {
            ex.lastProblem = e.reason();
        }
        if (sa.isEstablished() || ex == null || ex != phase1) {
            return;
        }
        if (sa.integrityFailure() >= ctx.settings().authFailureStrikes()) {
            failPhase1(NotifyType.AUTHENTICATION_FAILED, true, NotifyType.AUTHENTICATION_FAILED.rfcName(),
                    e.reason(), false, now);
        }
    }

    /**
     * Phase 1 failed: tell the peer (unless it told us), report, tear down.
     *
     * @param notify  the notification to send, or null for none
     * @param inClear send it unprotected: after an authentication failure the peer cannot
     *                decrypt what our keys protect
     */
    void failPhase1(NotifyType notify, boolean inClear, String notifyName, String reason, boolean byPeer, long now) {
        // the peer refusing our offer: we know our side only
        boolean refusedOffer = byPeer && sa.isInitiator() && sa.peer() != null
                && NotifyType.NO_PROPOSAL_CHOSEN.rfcName().equals(notifyName);
        List<String> offered = refusedOffer
                ? sa.peer().proposals().stream().map(IkeProposal::toStrongswan).toList() : List.of();
        failPhase1(notify, inClear, notifyName, reason, byPeer, now, offered, List.of());
    }

    void failPhase1(NotifyType notify, boolean inClear, String notifyName, String reason, boolean byPeer, long now,
            List<String> offered, List<String> accepted) {
        if (sa.state() == IkeSa.State.DEAD) {
            return;
        }
        if (notify != null && !byPeer) {
            informational.sendNotify(notify, !inClear, now);
        }
        emit(new IkeSaFailed(now, sa.peerName(), sa.id().toString(), notifyName, reason, byPeer, offered, accepted));
        informational.teardown(now, "IKE SA failed");
    }

    void failQuickMode(Exchange ex, String notifyName, String reason, boolean byPeer, long now, IkeException notify) {
        QuickModeTask qm = ex.primary instanceof QuickModeTask q ? q : null;
        if (qm != null) {
            qm.abandon();
            if (qm.rekeyOf() != 0) {
                childRekey.rekeyFailed(qm.rekeyOf(), now);
            }
        }
        if (!byPeer && notify != null) {
            informational.sendNotify(notify.notifyType(), true, now);
        }
        String child = qm != null && qm.child() != null ? qm.child().name() : "(no matching child)";
        List<String> offered = notify != null ? notify.offeredProposals() : List.of();
        List<String> accepted = notify != null ? notify.acceptedProposals() : List.of();
        if (byPeer && qm != null && qm.child() != null && NotifyType.NO_PROPOSAL_CHOSEN.rfcName().equals(notifyName)) {
            offered = qm.child().proposals().stream().map(p -> p.toStrongswan()).toList();
        }
        emit(new ChildSaFailed(now, sa.peerName(), child, sa.id().toString(), notifyName, reason, byPeer, offered,
                accepted));
        ex.complete(now);
        if (sa.ivs() != null) {
            sa.ivs().remove(ex.messageId);
        }
        if (sa.state() != IkeSa.State.DEAD) {
            startPendingChildren(now);
        }
    }

    /** Quick Modes we started that are still waiting for an answer. */
    List<Exchange> pendingQuickModes() {
        return exchanges.values().stream()
                .filter(e -> e.type == ExchangeType.QUICK_MODE && e.weInitiated && !e.isComplete()).toList();
    }

    Exchange phase1() {
        return phase1;
    }

    Map<Integer, Exchange> exchanges() {
        return exchanges;
    }

    void emit(io.gatewise.agent.ike.event.IkeEvent e) {
        if (e instanceof IkeSaFailed || e instanceof ChildSaFailed) {
            LOG.warn("{}", e.describe());
        } else {
            LOG.info("{}", e.describe());
        }
        ctx.hooks().emit(e);
    }

    private void drop(DropReason reason, String why, RawMessage raw) {
        ctx.hooks().counters().dropped(reason);
        LOG.debug("{}: dropped {} message {}: {}", sa.id(), raw.header().exchangeType(),
                Integer.toHexString(raw.header().messageId()), why);
    }

    // ---- children, timers, deletion ----------------------------------------------------

    @Override
    public void initiateChild(ChildConfig child, long now) {
        if (sa.isEstablished() && pendingQuickModes().size() < MAX_ACTIVE_QUICK_MODES) {
            startQuickMode(child, now);
        } else {
            pendingChildren.add(child);
        }
    }

    /** Starts waiting children while slots are free. */
    private void startPendingChildren(long now) {
        while (!pendingChildren.isEmpty() && sa.isEstablished() && sa.state() != IkeSa.State.DEAD
                && pendingQuickModes().size() < MAX_ACTIVE_QUICK_MODES) {
            startQuickMode(pendingChildren.remove(0), now);
        }
    }

    private void startQuickMode(ChildConfig child, long now) {
        startQuickMode(child, null, now);
    }

    /** A Quick Mode for a new child, or (with {@code old}) one that will replace an installed pair. */
    void startQuickMode(ChildConfig child, ChildSa old, long now) {
        int mid;
        do {
            mid = ctx.nonZeroInt();
        } while (seen(mid));
        Exchange ex = new Exchange(mid, ExchangeType.QUICK_MODE, true);
        ex.startedAt = now;
        QuickModeTask qm = old == null ? QuickModeTask.initiator(sa, ctx, mid, child)
                : QuickModeTask.rekey(sa, ctx, mid, old);
        ex.tasks.add(qm);
        ex.primary = qm;
        register(ex);
        LOG.info("initiating Quick Mode {} for child {} with {}{}", Integer.toHexString(mid), child.name(),
                sa.peerName(), old == null ? "" : " (rekey of " + ChildSa.spiHex(old.spiIn()) + ")");
        buildAndSend(ex, now);
    }

    @Override
    public void tick(long now) {
        for (Exchange ex : new ArrayList<>(exchanges.values())) {
            if (sa.state() == IkeSa.State.DEAD) {
                return;
            }
            if (!ex.isComplete() && now >= ex.retransmitAt()) {
                if (ex.retransmits() >= ctx.settings().retransmitTries()) {
                    timeout(ex, now);
                    continue;
                }
                LOG.debug("{}: retransmitting {} ({}.)", sa.id(), ex.describe(), ex.retransmits() + 1);
                send(ex.lastSent());
                ctx.hooks().counters().retransmitted();
                ex.retransmitted(now + ctx.settings().retransmitDelay(ex.retransmits() + 1));
            } else if (ex.isComplete() && ex != phase1
                    && now - ex.completedAt() > ctx.settings().completedExchangeMillis()) {
                exchanges.remove(ex.messageId);
            }
        }
        if (sa.state() == IkeSa.State.DEAD) {
            return;
        }
        if (!sa.isEstablished() && !sa.isInitiator()
                && now - sa.createdAtMillis() >= ctx.settings().halfOpenTimeoutMillis()) {
            failPhase1(null, false, "TIMEOUT", phase1.describe() + " did not complete within "
                    + ctx.settings().halfOpenTimeoutMillis() / 1000 + " s" + problem(phase1), false, now);
            return;
        }
        childRekey.tick(now);
        if (sa.state() == IkeSa.State.DEAD) {
            return;
        }
        lifetimeAnnouncement.tick(now);
        if (sa.isEstablished() && now >= lifetimeEnd()) {
            delete("lifetime of " + sa.lifetimeSeconds() + " s expired", now);
            return;
        }
        if (mayRekeyIkeSa() && now >= ikeRekeyAt) {
            ikeRekeyStarted = true;
            LOG.info("{}: rekeying the ISAKMP SA with {} ({} s before it expires)", sa.id(), sa.peerName(),
                    (lifetimeEnd() - now) / 1000);
            ctx.hooks().rekeyIkeSa(sa, now);
        }
        dpd.tick(now);
    }

    /**
     * RESPONDER-LIFETIME for this ISAKMP SA (RFC 2407 section 4.6.3.1), in a phase 1 message
     * or an Informational: as initiator we take a shorter lifetime and move the rekey.
     */
    void isakmpLifetimeAnnounced(NotificationPayload n) {
        if (ResponderLifetime.adoptForIsakmpSa(sa, n) && sa.isEstablished() && !ikeRekeyStarted) {
            ikeRekeyAt = RekeyScheduler.rekeyAt(sa.establishedAtMillis(), sa.lifetimeSeconds(), ctx.random());
        }
    }

    /**
     * A protected INITIAL-CONTACT arrived before our phase 1 completed (Aggressive Mode's
     * Informational may overtake message 3): acted upon once the peer authenticated.
     */
    void initialContactBeforeEstablished() {
        peerInitialContact = true;
    }

    /** We rekey phase 1 ourselves only where we could initiate it at all (not for a network peer). */
    private boolean mayRekeyIkeSa() {
        return sa.isEstablished() && !ikeRekeyStarted && sa.peer() != null && sa.peer().canInitiate();
    }

    /** The new ISAKMP SA that was to replace this one failed: try again a little later. */
    public void ikeRekeyFailed(long now) {
        if (sa.isEstablished() && ikeRekeyStarted) {
            ikeRekeyStarted = false;
            ikeRekeyAt = Math.min(now + RekeyScheduler.RETRY_MILLIS, lifetimeEnd());
        }
    }

    /** A newer ISAKMP SA took over: this one never starts a rekey of its own any more. */
    public void replaced() {
        ikeRekeyStarted = true;
    }

    /** Rekeys this ISAKMP SA now (operator action). */
    public void rekeyIkeSaNow(long now) {
        if (mayRekeyIkeSa()) {
            ikeRekeyAt = now;
            tick(now);
        }
    }

    private long lifetimeEnd() {
        return sa.establishedAtMillis() + sa.lifetimeSeconds() * 1000;
    }

    private static String problem(Exchange ex) {
        return ex != null && ex.lastProblem != null ? " (last problem: " + ex.lastProblem + ")" : "";
    }

    private void timeout(Exchange ex, long now) {
        String reason = "no answer to our " + ex.describe() + " message after " + ex.retransmits()
                + " retransmissions" + problem(ex);
        if (ex == phase1) {
            failPhase1(null, false, "TIMEOUT", reason, false, now);
        } else {
            failQuickMode(ex, "TIMEOUT", reason, false, now, null);
        }
    }

    @Override
    public long nextDeadline() {
        if (sa.state() == IkeSa.State.DEAD) {
            return Long.MAX_VALUE;
        }
        long next = Long.MAX_VALUE;
        for (Exchange ex : exchanges.values()) {
            if (!ex.isComplete()) {
                next = Math.min(next, ex.retransmitAt());
            } else if (ex != phase1) {
                next = Math.min(next, ex.completedAt() + ctx.settings().completedExchangeMillis() + 1);
            }
        }
        if (!sa.isEstablished() && !sa.isInitiator()) {
            next = Math.min(next, sa.createdAtMillis() + ctx.settings().halfOpenTimeoutMillis());
        }
        if (sa.isEstablished()) {
            next = Math.min(next, lifetimeEnd());
            next = Math.min(next, childRekey.nextDeadline());
            if (mayRekeyIkeSa()) {
                next = Math.min(next, ikeRekeyAt);
            }
            next = Math.min(next, dpd.nextDeadline());
            next = Math.min(next, lifetimeAnnouncement.nextDeadline());
        }
        return next;
    }

    /** Removes every child from the datapath without a Delete: the peer no longer has them. */
    void removeChildrenLocally(String reason, long now) {
        for (ChildSa c : new ArrayList<>(sa.children())) {
            informational.removeChild(c, reason, now);
        }
    }

    /** The peer deleted one of our children through another ISAKMP SA (after a phase 1 rekey). */
    void childDeletedByPeer(ChildSa child, long now) {
        informational.removeChild(child, "deleted by peer", now);
    }

    @Override
    public void deleteChild(ChildSa child, String reason, long now) {
        informational.deleteChild(child, reason, now, true);
    }

    @Override
    public void delete(String reason, long now) {
        if (sa.state() == IkeSa.State.DEAD) {
            return;
        }
        if (sa.isEstablished()) {
            informational.deleted(reason, now, true);
        } else {
            failPhase1(null, false, "none", reason, false, now);
        }
    }

    @Override
    public void abort(String reason, long now) {
        if (sa.state() == IkeSa.State.DEAD) {
            return;
        }
        if (sa.isEstablished()) {
            informational.deleted(reason, now, false);
        } else {
            failPhase1(null, false, "none", reason, false, now);
        }
    }

    // ---- rekeying (ChildRekey holds the logic) ---------------------------------------------

    @Override
    public boolean rekeyChild(ChildSa child, long now) {
        boolean started = childRekey.rekeyNow(child.spiIn(), now);
        if (started) {
            childRekey.tick(now);
        }
        return started;
    }

    @Override
    public void rekeyChildren(long now) {
        childRekey.rekeyAllNow(now);
        childRekey.tick(now);
    }

    @Override
    public int adoptChildren(IkeSa older, long now) {
        if (!(older.taskManager() instanceof TaskManagerV1 other) || other == this) {
            return 0;
        }
        for (ChildSa c : older.children()) {
            ctx.hooks().childRemoved(c);
        }
        older.children().clear();
        List<ChildSa> moved = childRekey.adoptFrom(other.childRekey, now);
        for (ChildSa c : moved) {
            sa.children().add(c);
            ctx.hooks().childInstalled(c);
        }
        return moved.size();
    }

    /** A pair left the datapath: forget its timers, expect the peer's Delete for it. */
    void childRemoved(ChildSa child) {
        childRekey.removed(child);
        recentlyDeleted.add(child.spiOut());
        if (recentlyDeleted.size() > 64) {
            recentlyDeleted.remove(recentlyDeleted.iterator().next());
        }
    }

    boolean recentlyDeleted(int spiOut) {
        return recentlyDeleted.contains(spiOut);
    }

    ChildRekey childRekey() {
        return childRekey;
    }

    Informational informational() {
        return informational;
    }

    /** Quick Modes in progress give back their SPI reservations when the SA dies. */
    void abandonQuickModes() {
        for (Exchange ex : exchanges.values()) {
            if (!ex.isComplete() && ex.primary instanceof QuickModeTask qm) {
                qm.abandon();
            }
        }
        pendingChildren.clear();
    }
}
