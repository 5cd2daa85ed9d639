package io.gatewise.agent.ike.v1;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.gatewise.agent.crypto.Bytes;
import io.gatewise.agent.crypto.DhKeyPair;
import io.gatewise.agent.crypto.InvalidPublicValueException;
import io.gatewise.agent.crypto.Nonces;
import io.gatewise.agent.ike.codec.HashPayload;
import io.gatewise.agent.ike.codec.IdentificationPayload;
import io.gatewise.agent.ike.codec.IsakmpEncoder;
import io.gatewise.agent.ike.codec.KeyExchangePayload;
import io.gatewise.agent.ike.codec.NoncePayload;
import io.gatewise.agent.ike.codec.NotificationPayload;
import io.gatewise.agent.ike.codec.NotifyType;
import io.gatewise.agent.ike.codec.Payload;
import io.gatewise.agent.ike.codec.Proposal;
import io.gatewise.agent.ike.codec.ProtocolId;
import io.gatewise.agent.ike.codec.SaPayload;
import io.gatewise.agent.ike.config.Identity;
import io.gatewise.agent.ike.config.PeerConfig;
import io.gatewise.agent.ike.keymat.IvManager;
import io.gatewise.agent.ike.keymat.Keymat;
import io.gatewise.agent.ike.sa.IkeException;
import io.gatewise.agent.ike.sa.IkeSa;
import io.gatewise.agent.ike.sa.InboundMessage;
import io.gatewise.agent.ike.sa.OutboundMessage;
import io.gatewise.agent.ike.sa.Task;
import io.gatewise.agent.ike.sa.TaskStatus;

/**
 * Main Mode with pre-shared keys, RFC 2409 section 5 (identity protection), in one role:
 *
 * <pre>
 *   Initiator                          Responder
 *   1  HDR, SA                    --&gt;
 *                                 &lt;--  2  HDR, SA
 *   3  HDR, KE, Ni                --&gt;
 *                                 &lt;--  4  HDR, KE, Nr
 *   5  HDR*, IDii, HASH_I         --&gt;
 *                                 &lt;--  6  HDR*, IDir, HASH_R
 * </pre>
 *
 * The pre-shared key is that of the peer configuration chosen by the peer's address, so
 * a wrong key shows as message 5 that does not decrypt or whose HASH_I is wrong.
 */
final class MainModeTask implements Task {

    private enum State {
        INIT,
        /** I: message 1 sent. R: message 2 sent. */
        SA_SENT,
        /** I: message 2 accepted, message 3 next. R: message 1 accepted, message 2 next. */
        SA_DONE,
        /** I: message 3 sent. R: message 4 sent. */
        KE_SENT,
        /** I: keys derived from message 4, message 5 next. R: keys from message 3, message 4 next. */
        KEYS,
        /** I: message 5 sent. */
        AUTH_SENT,
        /** R: message 5 verified, message 6 next. */
        AUTH_DONE,
        DONE
    }

    private final IkeSa sa;
    private final V1Context ctx;
    private State state = State.INIT;
    private byte[] saiB;
    private DhKeyPair dh;
    private byte[] gxi;
    private byte[] gxr;
    private byte[] nonceI;
    private byte[] nonceR;
    private AcceptedIkeTransform accepted;

    MainModeTask(IkeSa sa, V1Context ctx) {
        this.sa = sa;
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "MAIN_MODE(" + (sa.isInitiator() ? "I" : "R") + ")";
    }

    private PeerConfig peer() {
        return sa.peer();
    }

    @Override
    public TaskStatus build(OutboundMessage m) throws IkeException {
        if (sa.isInitiator()) {
            switch (state) {
                case INIT -> {
                    SaPayload offer = Phase1Proposals.offer(peer().proposals(), peer().lifetimeSeconds());
                    saiB = body(offer);
                    m.add(offer);
                    state = State.SA_SENT;
                }
                case SA_DONE -> {
                    addKeyExchange(m);
                    state = State.KE_SENT;
                }
                case KEYS -> {
                    IdentificationPayload id = peer().localId().toPayload();
                    byte[] hashI = sa.keymat().hashI(gxi, gxr, saiB, body(id));
                    m.encrypt().add(id).add(new HashPayload(io.gatewise.agent.ike.codec.Bytes.of(hashI)));
                    if (peer().sendInitialContact()) {
                        m.add(initialContact());
                    }
                    state = State.AUTH_SENT;
                }
                default -> throw new IllegalStateException("Main Mode initiator cannot build in " + state);
            }
            return TaskStatus.NEED_MORE;
        }
        switch (state) {
            case SA_DONE -> {
                Proposal chosen = new Proposal(accepted.offeredProposal().number(), ProtocolId.ISAKMP.value(),
                        accepted.offeredProposal().spi(), List.of(accepted.offeredTransform()));
                m.add(SaPayload.ipsec(List.of(chosen)));
                state = State.SA_SENT;
                return TaskStatus.NEED_MORE;
            }
            case KEYS -> {
                m.add(new KeyExchangePayload(io.gatewise.agent.ike.codec.Bytes.of(gxr)));
                m.add(new NoncePayload(io.gatewise.agent.ike.codec.Bytes.of(nonceR)));
                state = State.KE_SENT;
                return TaskStatus.NEED_MORE;
            }
            case AUTH_DONE -> {
                IdentificationPayload id = peer().localId().toPayload();
                byte[] hashR = sa.keymat().hashR(gxi, gxr, saiB, body(id));
                m.encrypt().add(id).add(new HashPayload(io.gatewise.agent.ike.codec.Bytes.of(hashR)));
                state = State.DONE;
                wipe();
                return TaskStatus.SUCCESS;
            }
            default -> throw new IllegalStateException("Main Mode responder cannot build in " + state);
        }
    }

    @Override
    public TaskStatus process(InboundMessage m) throws IkeException {
        if (sa.isInitiator()) {
            switch (state) {
                case SA_SENT -> {
                    SaPayload answer = require(m, SaPayload.class, "message 2");
                    accepted = Phase1Proposals.checkAnswer(answer, peer().proposals(), peer().lifetimeSeconds());
                    sa.setProposal(accepted.proposal(), accepted.lifetimeSeconds());
                    state = State.SA_DONE;
                }
                case KE_SENT -> {
                    byte[] ke = keyExchange(m, "message 4");
                    nonceR = nonce(m, "message 4");
                    gxr = ke;
                    deriveKeys(gxr);
                    state = State.KEYS;
                }
                case AUTH_SENT -> {
                    authenticate(m, "message 6", false);
                    state = State.DONE;
                    wipe();
                    return TaskStatus.SUCCESS;
                }
                default -> throw IkeException.unexpected("Main Mode message in state " + state);
            }
            return TaskStatus.NEED_MORE;
        }
        switch (state) {
            case INIT -> {
                SaPayload offer = require(m, SaPayload.class, "message 1");
                accepted = Phase1Proposals.select(offer, peer().proposals(), peer().lifetimeSeconds());
                saiB = m.payloads().body(m.payloads().indexOf(SaPayload.class)).toByteArray();
                sa.setProposal(accepted.proposal(), accepted.lifetimeSeconds());
                state = State.SA_DONE;
            }
            case SA_SENT -> {
                byte[] ke = keyExchange(m, "message 3");
                nonceI = nonce(m, "message 3");
                gxi = ke;
                addResponderKeyExchange();
                deriveKeys(gxi);
                state = State.KEYS;
            }
            case KE_SENT -> {
                authenticate(m, "message 5", true);
                state = State.AUTH_DONE;
            }
            default -> throw IkeException.unexpected("Main Mode message in state " + state);
        }
        return TaskStatus.NEED_MORE;
    }

    private void addKeyExchange(OutboundMessage m) {
        dh = ctx.random().newKeyPair(sa.proposal().group());
        gxi = dh.publicValue();
        nonceI = ctx.random().nonce(Nonces.DEFAULT_LENGTH);
        m.add(new KeyExchangePayload(io.gatewise.agent.ike.codec.Bytes.of(gxi)));
        m.add(new NoncePayload(io.gatewise.agent.ike.codec.Bytes.of(nonceI)));
    }

    private void addResponderKeyExchange() {
        dh = ctx.random().newKeyPair(sa.proposal().group());
        gxr = dh.publicValue();
        nonceR = ctx.random().nonce(Nonces.DEFAULT_LENGTH);
    }

    /** SKEYID and friends (RFC 2409 section 5), the IV chain (Appendix B). */
    private void deriveKeys(byte[] peerPublic) throws IkeException {
        byte[] gxy;
        try {
            gxy = dh.sharedSecret(peerPublic);
        } catch (InvalidPublicValueException e) {
            throw IkeException.of(NotifyType.INVALID_KEY_INFORMATION, "peer's public "
                    + sa.proposal().group().plainName() + " value is invalid: " + e.getMessage());
        }
        byte[] psk = peer().psk().bytes();
        byte[] ckyI = cookie(sa.id().initiatorCookie());
        byte[] ckyR = cookie(sa.id().responderCookie());
        try {
            Keymat keymat = Keymat.forPreSharedKey(sa.proposal().hash(), sa.proposal().cipher(), psk, nonceI, nonceR,
                    gxy, ckyI, ckyR);
            sa.setKeys(keymat, new IvManager(sa.proposal().hash(), sa.proposal().cipher(), gxi, gxr,
                    TaskManagerV1.MAX_IV_CHAINS));
        } finally {
            Bytes.wipe(psk, gxy);
            dh.destroy();
        }
    }

    /** Message 5 or 6: encrypted, ID and HASH, hash verified before the identity is trusted. */
    private void authenticate(InboundMessage m, String which, boolean initiatorHash) throws IkeException {
        if (!m.encrypted()) {
            throw IkeException.unexpected(which + " arrived in clear text");
        }
        int idIndex = m.payloads().indexOf(IdentificationPayload.class);
        Optional<HashPayload> hash = m.payloads().first(HashPayload.class);
        if (idIndex < 0 || hash.isEmpty()) {
            throw IkeException.integrity(NotifyType.PAYLOAD_MALFORMED, which + " lacks ID or HASH");
        }
        IdentificationPayload id = (IdentificationPayload) m.payloads().get(idIndex);
        byte[] idB = m.payloads().body(idIndex).toByteArray();
        byte[] expected = initiatorHash ? sa.keymat().hashI(gxi, gxr, saiB, idB) : sa.keymat().hashR(gxi, gxr, saiB, idB);
        if (!Bytes.constantTimeEquals(expected, hash.get().hash().toByteArray())) {
            throw IkeException.integrity(NotifyType.INVALID_HASH_INFORMATION, (initiatorHash ? "HASH_I" : "HASH_R")
                    + " in " + which + " does not verify: the pre-shared keys of the two sides differ");
        }
        Identity remote = Identity.of(id);
        if (!peer().remoteId().matches(remote)) {
            throw IkeException.of(NotifyType.INVALID_ID_INFORMATION, "peer authenticated as '" + remote
                    + "', but peer '" + peer().name() + "' must be '" + peer().remoteId() + "'");
        }
        sa.setIdentities(peer().localId(), remote);
    }

    private byte[] keyExchange(InboundMessage m, String which) throws IkeException {
        KeyExchangePayload ke = require(m, KeyExchangePayload.class, which);
        int expected = sa.proposal().group().publicValueLength();
        if (ke.keyData().length() != expected) {
            throw IkeException.of(NotifyType.INVALID_KEY_INFORMATION, "KE in " + which + " has "
                    + ke.keyData().length() + " bytes; " + sa.proposal().group().plainName() + " needs " + expected);
        }
        return ke.keyData().toByteArray();
    }

    private static byte[] nonce(InboundMessage m, String which) throws IkeException {
        return require(m, NoncePayload.class, which).nonce().toByteArray();
    }

    static <T extends Payload> T require(InboundMessage m, Class<T> type, String which) throws IkeException {
        return m.payloads().first(type).orElseThrow(() -> IkeException.unexpected(
                which + " lacks the " + type.getSimpleName().replace("Payload", "") + " payload"));
    }

    private NotificationPayload initialContact() {
        return NotificationPayload.of(NotifyType.INITIAL_CONTACT, ProtocolId.ISAKMP,
                io.gatewise.agent.ike.codec.Bytes.of(sa.id().toBytes()), io.gatewise.agent.ike.codec.Bytes.EMPTY);
    }

    /** A payload's body as encoded (what the hashes cover as "_b"). */
    static byte[] body(Payload p) {
        byte[] all = IsakmpEncoder.encodePayloads(List.of(p));
        return Arrays.copyOfRange(all, 4, all.length);
    }

    static byte[] cookie(long c) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (c >>> (56 - 8 * i));
        }
        return b;
    }

    private void wipe() {
        if (dh != null) {
            dh.destroy();
        }
        Bytes.wipe(nonceI, nonceR);
    }
}
