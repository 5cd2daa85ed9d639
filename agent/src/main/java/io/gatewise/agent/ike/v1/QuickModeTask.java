package io.gatewise.agent.ike.v1;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.gatewise.agent.crypto.Bytes;
import io.gatewise.agent.crypto.DhGroup;
import io.gatewise.agent.crypto.DhKeyPair;
import io.gatewise.agent.crypto.InvalidPublicValueException;
import io.gatewise.agent.crypto.Nonces;
import io.gatewise.agent.ike.codec.EncapsulationMode;
import io.gatewise.agent.ike.codec.HashPayload;
import io.gatewise.agent.ike.codec.IdentificationPayload;
import io.gatewise.agent.ike.codec.KeyExchangePayload;
import io.gatewise.agent.ike.codec.NoncePayload;
import io.gatewise.agent.ike.codec.NotificationPayload;
import io.gatewise.agent.ike.codec.NotifyType;
import io.gatewise.agent.ike.codec.Proposal;
import io.gatewise.agent.ike.codec.ProtocolId;
import io.gatewise.agent.ike.codec.SaPayload;
import io.gatewise.agent.ike.config.ChildConfig;
import io.gatewise.agent.ike.proposal.EspProposal;
import io.gatewise.agent.ike.sa.ChildSa;
import io.gatewise.agent.ike.sa.IkeException;
import io.gatewise.agent.ike.sa.IkeSa;
import io.gatewise.agent.ike.sa.InboundMessage;
import io.gatewise.agent.ike.sa.OutboundMessage;
import io.gatewise.agent.ike.sa.Task;
import io.gatewise.agent.ike.sa.TaskStatus;
import io.gatewise.agent.ipsec.IpsecProtocol;
import io.gatewise.agent.ipsec.SaId;
import io.gatewise.agent.ipsec.TrafficSelector;

/**
 * Quick Mode, RFC 2409 section 5.5, in one role, with or without PFS:
 *
 * <pre>
 *   Initiator                                Responder
 *   HDR*, HASH(1), SA, Ni [, KE] [, IDci, IDcr] --&gt;
 *                      &lt;-- HDR*, HASH(2), SA, Nr [, KE] [, IDci, IDcr]
 *   HDR*, HASH(3)                            --&gt;
 *
 *   HASH(1) = prf(SKEYID_a, M-ID | SA | Ni [ | KE ] [ | IDci | IDcr ])
 *   HASH(2) = prf(SKEYID_a, M-ID | Ni_b | SA | Nr [ | KE ] [ | IDci | IDcr ])
 *   HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b)
 * </pre>
 *
 * The client IDs must name a configured selector pair or one inside it (the responder
 * answers with the IDs as proposed); anything wider or only overlapping is refused with
 * INVALID-ID-INFORMATION, and an initiator refuses a responder that changed the IDs. Both SAs are installed once HASH(3) is sent (initiator) or
 * verified (responder).
 */
final class QuickModeTask implements Task {
    private enum State { INIT, QM1_SENT, QM2_RECEIVED, QM1_RECEIVED, QM2_SENT, DONE }

    private final IkeSa sa;
    private final V1Context ctx;
    private final boolean initiator;
    private final int messageId;
    private State state = State.INIT;
    private ChildConfig child;
    private List<EspProposal> offered;
    private AcceptedEspTransform accepted;
    private TrafficSelector localTs;
    private TrafficSelector remoteTs;
    private boolean idsReceived;
    private int spiIn;
    private int spiOut;
    private byte[] nonceI;
    private byte[] nonceR;
    private DhKeyPair dh;
    private byte[] gqmxy;
    private ChildSa installed;
    /** Inbound SPI of the pair this Quick Mode replaces (our rekey), 0 otherwise. */
    private int rekeyOf;
    /** The lower of Ni and Nr, kept for the simultaneous-rekey rule ({@link ChildRekey}). */
    private byte[] lowestNonce = new byte[0];

    private QuickModeTask(IkeSa sa, V1Context ctx, boolean initiator, int messageId, ChildConfig child) {
        this.sa = sa;
        this.ctx = ctx;
        this.initiator = initiator;
        this.messageId = messageId;
        this.child = child;
    }

    static QuickModeTask initiator(IkeSa sa, V1Context ctx, int messageId, ChildConfig child) {
        QuickModeTask t = new QuickModeTask(sa, ctx, true, messageId, child);
        t.localTs = child.local();
        t.remoteTs = child.remote();
        return t;
    }

    /**
     * Our rekey of an installed pair: the same child and the same (possibly narrowed)
     * selectors, on this ISAKMP SA.
     */
    static QuickModeTask rekey(IkeSa sa, V1Context ctx, int messageId, ChildSa old) {
        QuickModeTask t = new QuickModeTask(sa, ctx, true, messageId, old.config());
        t.localTs = old.localTs();
        t.remoteTs = old.remoteTs();
        t.rekeyOf = old.spiIn();
        return t;
    }

    static QuickModeTask responder(IkeSa sa, V1Context ctx, int messageId) {
        return new QuickModeTask(sa, ctx, false, messageId, null);
    }

    @Override
    public String name() {
        return "QUICK_MODE(" + (initiator ? "I" : "R") + ")";
    }

    /** The child being negotiated; null while a responder has not matched one. */
    ChildConfig child() {
        return child;
    }

    /** The installed pair once the exchange completed (null before, and when it failed). */
    ChildSa installed() {
        return state == State.DONE ? installed : null;
    }

    int rekeyOf() {
        return rekeyOf;
    }

    boolean weInitiated() {
        return initiator;
    }

    byte[] lowestNonce() {
        return lowestNonce;
    }

    @Override
    public TaskStatus build(OutboundMessage m) throws IkeException {
        switch (state) {
            case INIT -> {
                offered = Phase2Proposals.offered(child.proposals());
                spiIn = ctx.hooks().backend().allocateSpi(IpsecProtocol.ESP, sa.local().getAddress());
                nonceI = ctx.random().nonce(Nonces.DEFAULT_LENGTH);
                EncapsulationMode mode = Phase2Proposals.mode(child.mode(), sa.natDetected());
                m.encrypt().hashFirst(rest -> sa.keymat().quickModeHash1(messageId, rest));
                m.add(Phase2Proposals.offer(spiIn, offered, mode, child.lifetimeSeconds(), child.lifetimeKilobytes()));
                m.add(new NoncePayload(codec(nonceI)));
                DhGroup pfs = offered.get(0).pfsGroup();
                if (pfs != null) {
                    dh = ctx.random().newKeyPair(pfs);
                    m.add(new KeyExchangePayload(codec(dh.publicValue())));
                }
                m.add(TrafficSelectors.toId(localTs)).add(TrafficSelectors.toId(remoteTs));
                state = State.QM1_SENT;
                return TaskStatus.NEED_MORE;
            }
            case QM2_RECEIVED -> {
                m.encrypt().add(new HashPayload(codec(sa.keymat().quickModeHash3(messageId, nonceI, nonceR))));
                installSas(m.nowMillis());
                done();
                return TaskStatus.SUCCESS;
            }
            case QM1_RECEIVED -> {
                m.encrypt().hashFirst(rest -> sa.keymat().quickModeHash2(messageId, nonceI, rest));
                Proposal p = accepted.offeredProposal();
                m.add(SaPayload.ipsec(List.of(new Proposal(p.number(), ProtocolId.IPSEC_ESP.value(),
                        io.gatewise.agent.ike.codec.Bytes.ofInt(spiIn, 4), List.of(accepted.offeredTransform())))));
                m.add(new NoncePayload(codec(nonceR)));
                if (dh != null) {
                    m.add(new KeyExchangePayload(codec(dh.publicValue())));
                }
                if (idsReceived) {
                    m.add(TrafficSelectors.toId(remoteTs)).add(TrafficSelectors.toId(localTs));
                }
                if (accepted.responderLowered()) {
                    m.add(responderLifetime());
                }
                // the initiator sends with the new SAs as soon as it sent message 3, which may
                // overtake our processing of it: our SAs exist from message 2 on, but only
                // the policy (set once HASH(3) verified) sends traffic into them
                installSas(m.nowMillis());
                state = State.QM2_SENT;
                return TaskStatus.NEED_MORE;
            }
            default -> throw new IllegalStateException("Quick Mode cannot build in " + state);
        }
    }

    @Override
    public TaskStatus process(InboundMessage m) throws IkeException {
        switch (state) {
            case QM1_SENT -> {
                verifyHash(m, sa.keymat().quickModeHash2(messageId, nonceI, m.payloads().from(1).toByteArray()),
                        "HASH(2)");
                SaPayload answer = MainModeTask.require(m, SaPayload.class, "Quick Mode message 2");
                accepted = Phase2Proposals.checkAnswer(answer, offered);
                spiOut = (int) answer.proposals().get(0).spi().toUnsignedLong();
                nonceR = MainModeTask.require(m, NoncePayload.class, "Quick Mode message 2").nonce().toByteArray();
                gqmxy = pfs(m, accepted.proposal().pfsGroup(), "Quick Mode message 2");
                List<IdentificationPayload> ids = m.payloads().all(IdentificationPayload.class);
                if (!ids.isEmpty()) {
                    checkIds(ids, localTs, remoteTs, "responder answered with");
                }
                for (NotificationPayload n : m.payloads().all(NotificationPayload.class)) {
                    if (n.is(NotifyType.RESPONDER_LIFETIME)) {
                        applyResponderLifetime(n);
                    }
                }
                state = State.QM2_RECEIVED;
                return TaskStatus.NEED_MORE;
            }
            case INIT -> {
                verifyHash(m, sa.keymat().quickModeHash1(messageId, m.payloads().from(1).toByteArray()), "HASH(1)");
                processOffer(m);
                state = State.QM1_RECEIVED;
                return TaskStatus.NEED_MORE;
            }
            case QM2_SENT -> {
                if (m.payloads().size() != 1) {
                    throw IkeException.unexpected("Quick Mode message 3 carries more than HASH(3)");
                }
                verifyHash(m, sa.keymat().quickModeHash3(messageId, nonceI, nonceR), "HASH(3)");
                done();
                return TaskStatus.SUCCESS;
            }
            default -> throw IkeException.unexpected("Quick Mode message in state " + state);
        }
    }

    /** Responder: selectors, child, proposal, PFS, our SPI. */
    private void processOffer(InboundMessage m) throws IkeException {
        SaPayload offer = MainModeTask.require(m, SaPayload.class, "Quick Mode message 1");
        nonceI = MainModeTask.require(m, NoncePayload.class, "Quick Mode message 1").nonce().toByteArray();
        List<IdentificationPayload> ids = m.payloads().all(IdentificationPayload.class);
        if (ids.size() == 1) {
            throw IkeException.of(NotifyType.INVALID_ID_INFORMATION, "Quick Mode message 1 carries one client ID");
        }
        idsReceived = ids.size() == 2;
        TrafficSelector theirs = idsReceived ? TrafficSelectors.fromId(ids.get(0))
                : TrafficSelectors.host(sa.remote().getAddress());
        TrafficSelector ours = idsReceived ? TrafficSelectors.fromId(ids.get(1))
                : TrafficSelectors.host(sa.local().getAddress());
        // an exact pair first; else the first child whose pair contains the proposed one:
        // an initiator may ask for part of our policy (one host of a road-warrior pool, as
        // strongSwan's responder allows) and gets exactly its IDs back, never wider ones
        child = sa.peer().children().stream()
                .filter(c -> c.remote().equals(theirs) && c.local().equals(ours)).findFirst()
                .or(() -> sa.peer().children().stream()
                        .filter(c -> TrafficSelectors.contains(c.remote(), theirs)
                                && TrafficSelectors.contains(c.local(), ours)).findFirst())
                .orElseThrow(() -> IkeException.of(NotifyType.INVALID_ID_INFORMATION, "peer proposed "
                        + TrafficSelectors.describe(theirs) + " <-> " + TrafficSelectors.describe(ours)
                        + "; configured: " + configured() + " (narrowing is not supported)"));
        localTs = ours;
        remoteTs = theirs;
        accepted = Phase2Proposals.select(offer, child);
        spiOut = (int) accepted.offeredProposal().spi().toUnsignedLong();
        DhGroup group = accepted.proposal().pfsGroup();
        if (group != null) {
            dh = ctx.random().newKeyPair(group);
        }
        gqmxy = pfs(m, group, "Quick Mode message 1");
        spiIn = ctx.hooks().backend().allocateSpi(IpsecProtocol.ESP, sa.local().getAddress());
        nonceR = ctx.random().nonce(Nonces.DEFAULT_LENGTH);
    }

    private String configured() {
        List<String> all = new ArrayList<>();
        for (ChildConfig c : sa.peer().children()) {
            all.add(TrafficSelectors.describe(c.remote()) + " <-> " + TrafficSelectors.describe(c.local()));
        }
        return all.isEmpty() ? "nothing" : String.join(", ", all);
    }

    /** The PFS shared secret, or null without PFS; the KE must match the chosen group. */
    private byte[] pfs(InboundMessage m, DhGroup group, String which) throws IkeException {
        Optional<KeyExchangePayload> ke = m.payloads().first(KeyExchangePayload.class);
        if (group == null) {
            return null;
        }
        if (ke.isEmpty()) {
            throw IkeException.of(NotifyType.NO_PROPOSAL_CHOSEN, which + " lacks the KE payload PFS with "
                    + group.plainName() + " needs");
        }
        if (ke.get().keyData().length() != group.publicValueLength()) {
            throw IkeException.of(NotifyType.INVALID_KEY_INFORMATION, "KE in " + which + " has "
                    + ke.get().keyData().length() + " bytes; " + group.plainName() + " needs "
                    + group.publicValueLength());
        }
        try {
            return dh.sharedSecret(ke.get().keyData().toByteArray());
        } catch (InvalidPublicValueException e) {
            throw IkeException.of(NotifyType.INVALID_KEY_INFORMATION, "peer's PFS value is invalid: "
                    + e.getMessage());
        } finally {
            dh.destroy();
        }
    }

    private static void checkIds(List<IdentificationPayload> ids, TrafficSelector local, TrafficSelector remote,
            String what) throws IkeException {
        if (ids.size() != 2) {
            throw IkeException.of(NotifyType.INVALID_ID_INFORMATION, what + " " + ids.size() + " client IDs");
        }
        TrafficSelector ci = TrafficSelectors.fromId(ids.get(0));
        TrafficSelector cr = TrafficSelectors.fromId(ids.get(1));
        if (!ci.equals(local) || !cr.equals(remote)) {
            throw IkeException.of(NotifyType.INVALID_ID_INFORMATION, what + " " + TrafficSelectors.describe(ci)
                    + " <-> " + TrafficSelectors.describe(cr) + " instead of " + TrafficSelectors.describe(local)
                    + " <-> " + TrafficSelectors.describe(remote) + " (narrowing is not supported)");
        }
    }

    private void verifyHash(InboundMessage m, byte[] expected, String which) throws IkeException {
        HashPayload hash = (HashPayload) m.payloads().get(0);     // the message rules put HASH first
        if (!Bytes.constantTimeEquals(expected, hash.hash().toByteArray())) {
            throw IkeException.integrity(NotifyType.INVALID_HASH_INFORMATION, which + " of Quick Mode "
                    + Integer.toHexString(messageId) + " does not verify");
        }
    }

    /** RFC 2407 section 4.6.3.1: the responder's lifetime as SA attributes. */
    private NotificationPayload responderLifetime() {
        return ResponderLifetime.notification(spiOut, accepted.lifetimeSeconds(), accepted.lifetimeKilobytes());
    }

    private void applyResponderLifetime(NotificationPayload n) {
        ResponderLifetime.Lifetimes l = ResponderLifetime.apply(n,
                new ResponderLifetime.Lifetimes(accepted.lifetimeSeconds(), accepted.lifetimeKilobytes()));
        accepted = new AcceptedEspTransform(accepted.proposal(), accepted.mode(), l.seconds(), l.kilobytes(), true,
                accepted.offeredProposal(), accepted.offeredTransform());
    }

    /** Both SAs into the datapath; the policy follows when the exchange is done ({@link ChildRekey}). */
    private void installSas(long nowMillis) throws IkeException {
        installed = ChildInstaller.install(sa, ctx, new ChildInstaller.Negotiated(child, accepted, initiator, spiIn,
                spiOut, gqmxy, nonceI, nonceR, localTs, remoteTs), nowMillis);
        lowestNonce = (java.util.Arrays.compareUnsigned(nonceI, nonceR) <= 0 ? nonceI : nonceR).clone();
        Bytes.wipe(gqmxy);
    }

    private void done() {
        state = State.DONE;
        Bytes.wipe(nonceI, nonceR);
    }

    /** Releases what a failed or abandoned Quick Mode holds: the SPI reservation, the DH value. */
    void abandon() {
        if (installed != null && state != State.DONE) {
            // a responder's SAs from message 2 whose message 3 never came (or failed)
            ChildInstaller.remove(ctx.hooks().backend(), installed, false);
        } else if (installed == null && spiIn != 0) {
            ctx.hooks().backend().deleteSa(new SaId(spiIn, IpsecProtocol.ESP, sa.local().getAddress()));
        }
        if (dh != null) {
            dh.destroy();
        }
        Bytes.wipe(gqmxy);
    }

    /** What the events say about the proposal. */
    String proposalName() {
        return accepted == null ? "" : "ESP " + accepted.proposal().describe();
    }

    String modeName() {
        if (accepted == null) {
            return "";
        }
        return switch (accepted.mode()) {
            case TUNNEL -> "tunnel";
            case TRANSPORT -> "transport";
            case UDP_ENCAPSULATED_TUNNEL, UDP_ENCAPSULATED_TUNNEL_DRAFT -> "udp-encapsulated tunnel";
            case UDP_ENCAPSULATED_TRANSPORT, UDP_ENCAPSULATED_TRANSPORT_DRAFT -> "udp-encapsulated transport";
        };
    }

    private static io.gatewise.agent.ike.codec.Bytes codec(byte[] b) {
        return io.gatewise.agent.ike.codec.Bytes.of(b);
    }
}
