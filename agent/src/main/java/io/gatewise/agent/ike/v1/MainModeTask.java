package io.gatewise.agent.ike.v1;

import java.util.Arrays;
import java.util.List;

import io.gatewise.agent.ike.codec.IdentificationPayload;
import io.gatewise.agent.ike.codec.IsakmpEncoder;
import io.gatewise.agent.ike.codec.NotifyType;
import io.gatewise.agent.ike.codec.Payload;
import io.gatewise.agent.ike.config.PeerConfig;
import io.gatewise.agent.ike.config.Phase1Mode;
import io.gatewise.agent.ike.sa.IkeException;
import io.gatewise.agent.ike.sa.IkeSa;
import io.gatewise.agent.ike.sa.InboundMessage;
import io.gatewise.agent.ike.sa.OutboundMessage;
import io.gatewise.agent.ike.sa.Task;
import io.gatewise.agent.ike.sa.TaskStatus;

/**
 * Main Mode (RFC 2409 section 5, identity protection), with a pre-shared key or with
 * signatures (section 5.1), in one role:
 *
 * <pre>
 *   Initiator                              Responder
 *   1  HDR, SA                        --&gt;
 *                                     &lt;--  2  HDR, SA
 *   3  HDR, KE, Ni                    --&gt;
 *                                     &lt;--  4  HDR, KE, Nr [, CR ...]
 *   5  HDR*, IDii, HASH_I             --&gt;                      pre-shared key
 *      HDR*, IDii, [CERT,] SIG_I [, CR ...]                     signatures
 *                                     &lt;--  6  HDR*, IDir, HASH_R | [CERT,] SIG_R
 * </pre>
 *
 * CR payloads go where strongSwan puts them (responder message 4, initiator message 5),
 * and are taken from any message. With a pre-shared key, the key is that of the
 * configuration chosen by the peer's address, so a wrong key shows as message 5 that does
 * not decrypt or whose HASH_I is wrong. The key exchange, derivation and authentication
 * payloads are {@link Phase1Session}'s, shared with Aggressive Mode.
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
    private final Phase1Session p1;
    private final V1Context ctx;
    private State state = State.INIT;

    MainModeTask(IkeSa sa, V1Context ctx) {
        this.sa = sa;
        this.ctx = ctx;
        this.p1 = new Phase1Session(sa, ctx);
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
                    m.add(p1.offer());
                    state = State.SA_SENT;
                }
                case SA_DONE -> {
                    p1.ownKeyExchange(m, true);
                    state = State.KE_SENT;
                }
                case KEYS -> {
                    m.encrypt().add(p1.ownId());
                    p1.addProof(m, true);
                    p1.addCertificateRequests(m);
                    // not on a rekey: the peer would drop the SAs the new one replaces
                    if (InitialContact.shouldSend(sa, ctx) && !sa.isReplacement()) {
                        m.add(InitialContact.payload(sa));
                    }
                    state = State.AUTH_SENT;
                }
                default -> throw new IllegalStateException("Main Mode initiator cannot build in " + state);
            }
            return TaskStatus.NEED_MORE;
        }
        switch (state) {
            case SA_DONE -> {
                m.add(p1.answer());
                state = State.SA_SENT;
                return TaskStatus.NEED_MORE;
            }
            case KEYS -> {
                p1.ownKeyExchange(m, false);
                p1.addCertificateRequests(m);
                state = State.KE_SENT;
                return TaskStatus.NEED_MORE;
            }
            case AUTH_DONE -> {
                m.encrypt().add(p1.ownId());
                p1.addProof(m, false);
                state = State.DONE;
                p1.wipe();
                return TaskStatus.SUCCESS;
            }
            default -> throw new IllegalStateException("Main Mode responder cannot build in " + state);
        }
    }

    @Override
    public TaskStatus process(InboundMessage m) throws IkeException {
        p1.collectCertificateRequests(m);
        if (sa.isInitiator()) {
            switch (state) {
                case SA_SENT -> {
                    p1.checkAnswer(m, "message 2");
                    state = State.SA_DONE;
                }
                case KE_SENT -> {
                    p1.peerKeyExchange(m, "message 4", false);
                    p1.deriveKeys();
                    state = State.KEYS;
                }
                case AUTH_SENT -> {
                    authenticate(m, "message 6", false);
                    state = State.DONE;
                    p1.wipe();
                    return TaskStatus.SUCCESS;
                }
                default -> throw IkeException.unexpected("Main Mode message in state " + state);
            }
            return TaskStatus.NEED_MORE;
        }
        switch (state) {
            case INIT -> {
                if (peer().mode() != Phase1Mode.MAIN) {
                    throw IkeException.of(NotifyType.INVALID_EXCHANGE_TYPE, "peer '" + peer().name()
                            + "' is configured for " + peer().mode().plainName() + ", but started Main Mode");
                }
                p1.select(m, "message 1");
                state = State.SA_DONE;
            }
            case SA_SENT -> {
                p1.peerKeyExchange(m, "message 3", true);
                p1.makeKeyExchange(false);
                p1.deriveKeys();
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

    /** Message 5 or 6: encrypted, ID and the proof, verified before the identity is trusted. */
    private void authenticate(InboundMessage m, String which, boolean peerIsInitiator) throws IkeException {
        if (!m.encrypted()) {
            throw IkeException.unexpected(which + " arrived in clear text");
        }
        int idIndex = m.payloads().indexOf(IdentificationPayload.class);
        if (idIndex < 0) {
            throw IkeException.integrity(NotifyType.PAYLOAD_MALFORMED, which + " lacks the ID payload");
        }
        IdentificationPayload id = (IdentificationPayload) m.payloads().get(idIndex);
        byte[] idB = m.payloads().body(idIndex).toByteArray();
        p1.authenticatePeer(m, id, idB, which, peerIsInitiator);
    }

    static <T extends Payload> T require(InboundMessage m, Class<T> type, String which) throws IkeException {
        return m.payloads().first(type).orElseThrow(() -> IkeException.unexpected(
                which + " lacks the " + type.getSimpleName().replace("Payload", "") + " payload"));
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
}
