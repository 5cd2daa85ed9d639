package io.gatewise.agent.ike.v1;

import io.gatewise.agent.ike.codec.IdentificationPayload;
import io.gatewise.agent.ike.codec.NotifyType;
import io.gatewise.agent.ike.config.PeerConfig;
import io.gatewise.agent.ike.config.Phase1Mode;
import io.gatewise.agent.ike.sa.IkeException;
import io.gatewise.agent.ike.sa.IkeSa;
import io.gatewise.agent.ike.sa.InboundMessage;
import io.gatewise.agent.ike.sa.OutboundMessage;
import io.gatewise.agent.ike.sa.Task;
import io.gatewise.agent.ike.sa.TaskStatus;

/**
 * Aggressive Mode (RFC 2409 section 5), with a pre-shared key or signatures, in one role:
 *
 * <pre>
 *   Initiator                                   Responder
 *   1  HDR, SA, KE, Ni, IDii [, CR ...]    --&gt;
 *                                          &lt;--  2  HDR, SA, KE, Nr, IDir,
 *                                                   HASH_R | [CERT,] SIG_R [, CR ...]
 *   3  HDR, HASH_I | [CERT,] SIG_I         --&gt;
 * </pre>
 *
 * Three messages instead of six, at a price: the identities travel in clear, the DH group
 * cannot be negotiated (KE is in message 1, so we offer only the transforms of our first
 * proposal's group), and with a pre-shared key message 2's HASH_R, keyed by the PSK, can
 * be attacked offline by anyone who sees it ({@link PeerConfig#warnings()}). Message 3 is
 * sent in clear as the RFC draws it; an encrypted one (as some implementations send) is
 * accepted too. The shared parts are {@link Phase1Session}'s.
 */
final class AggressiveModeTask implements Task {

    private enum State {
        INIT,
        /** I: message 1 sent. */
        SENT_1,
        /** I: message 2 authenticated, message 3 next. R: message 1 accepted, message 2 next. */
        RECEIVED,
        /** R: message 2 sent. */
        SENT_2,
        DONE
    }

    private final IkeSa sa;
    private final Phase1Session p1;
    private State state = State.INIT;
    private IdentificationPayload peerId;
    private byte[] peerIdB;

    AggressiveModeTask(IkeSa sa, V1Context ctx) {
        this.sa = sa;
        this.p1 = new Phase1Session(sa, ctx);
    }

    @Override
    public String name() {
        return "AGGRESSIVE_MODE(" + (sa.isInitiator() ? "I" : "R") + ")";
    }

    private PeerConfig peer() {
        return sa.peer();
    }

    @Override
    public TaskStatus build(OutboundMessage m) throws IkeException {
        if (sa.isInitiator()) {
            switch (state) {
                case INIT -> {
                    m.add(p1.offerSameGroup());
                    p1.makeKeyExchange(true, peer().proposals().get(0).group());
                    p1.ownKeyExchange(m, true);
                    m.add(p1.ownId());
                    p1.addCertificateRequests(m);
                    state = State.SENT_1;
                    return TaskStatus.NEED_MORE;
                }
                case RECEIVED -> {
                    p1.addProof(m, true);
                    state = State.DONE;
                    p1.wipe();
                    return TaskStatus.SUCCESS;
                }
                default -> throw new IllegalStateException("Aggressive Mode initiator cannot build in " + state);
            }
        }
        if (state != State.RECEIVED) {
            throw new IllegalStateException("Aggressive Mode responder cannot build in " + state);
        }
        m.add(p1.answer());
        p1.ownKeyExchange(m, false);
        m.add(p1.ownId());
        p1.addProof(m, false);
        p1.addCertificateRequests(m);
        state = State.SENT_2;
        return TaskStatus.NEED_MORE;
    }

    @Override
    public TaskStatus process(InboundMessage m) throws IkeException {
        p1.collectCertificateRequests(m);
        if (sa.isInitiator()) {
            if (state != State.SENT_1) {
                throw IkeException.unexpected("Aggressive Mode message in state " + state);
            }
            p1.checkAnswer(m, "message 2");
            p1.peerKeyExchange(m, "message 2", false);
            p1.deriveKeys();
            readPeerId(m, "message 2");
            p1.authenticatePeer(m, peerId, peerIdB, "message 2", false);
            state = State.RECEIVED;
            return TaskStatus.NEED_MORE;
        }
        switch (state) {
            case INIT -> {
                if (peer().mode() != Phase1Mode.AGGRESSIVE) {
                    throw IkeException.of(NotifyType.INVALID_EXCHANGE_TYPE, "peer '" + peer().name()
                            + "' is configured for " + peer().mode().plainName() + ", but started Aggressive Mode");
                }
                p1.select(m, "message 1");
                p1.peerKeyExchange(m, "message 1", true);
                readPeerId(m, "message 1");
                p1.makeKeyExchange(false);
                p1.deriveKeys();
                state = State.RECEIVED;
                return TaskStatus.NEED_MORE;
            }
            case SENT_2 -> {
                p1.authenticatePeer(m, peerId, peerIdB, "message 3", true);
                state = State.DONE;
                p1.wipe();
                return TaskStatus.SUCCESS;
            }
            default -> throw IkeException.unexpected("Aggressive Mode message in state " + state);
        }
    }

    private void readPeerId(InboundMessage m, String which) throws IkeException {
        int idIndex = m.payloads().indexOf(IdentificationPayload.class);
        if (idIndex < 0) {
            throw IkeException.of(NotifyType.PAYLOAD_MALFORMED, which + " lacks the ID payload");
        }
        peerId = (IdentificationPayload) m.payloads().get(idIndex);
        peerIdB = m.payloads().body(idIndex).toByteArray();
    }
}
