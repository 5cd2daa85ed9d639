package io.gatewise.agent.ike.v1;

import java.net.InetSocketAddress;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.gatewise.agent.crypto.HashAlgorithm;
import io.gatewise.agent.ike.codec.Bytes;
import io.gatewise.agent.ike.codec.NatDiscoveryPayload;
import io.gatewise.agent.ike.sa.IkeSa;
import io.gatewise.agent.ike.sa.InboundMessage;
import io.gatewise.agent.ike.sa.OutboundMessage;
import io.gatewise.agent.ike.sa.Task;
import io.gatewise.agent.ike.sa.TaskStatus;

/**
 * NAT detection in Main Mode messages 3 and 4 (RFC 3947 section 3.2), when both sides
 * announced RFC 3947:
 *
 * <pre>
 *   NAT-D = HASH(CKY-I | CKY-R | IP | Port)      with the negotiated hash
 *   first NAT-D: the destination of the packet (how the sender sees the receiver)
 *   further:     the sender's own address(es)
 * </pre>
 *
 * The receiver compares the first hash with its own address (mismatch: it is behind a
 * NAT) and the others with the packet's source (no match: the sender is behind a NAT).
 * With forced encapsulation we put a made-up hash for ourselves, so that both sides see a
 * NAT and move IKE and ESP to UDP 4500 (what strongSwan's kernel-libipsec does).
 *
 * <p>NAT-D payloads are not authenticated (HASH_I/HASH_R do not cover them), so a lying
 * one can at most make us see a NAT that is not there, which only moves the SA to UDP
 * 4500, where it works either way. One of the wrong size cannot match anything; it is
 * logged and counts as a mismatch.
 */
final class NatDetectionTask implements Task {
    private static final Logger LOG = LoggerFactory.getLogger(NatDetectionTask.class);

    private enum State { INIT, PEER_MESSAGE_SEEN, SENT, RECEIVED }

    private final IkeSa sa;
    private final V1Context ctx;
    private final boolean aggressive;
    private State state = State.INIT;
    private int phase1Messages;

    NatDetectionTask(IkeSa sa, V1Context ctx) {
        this(sa, ctx, false);
    }

    /**
     * @param aggressive Aggressive Mode: NAT-D travels in messages 2 and 3 (RFC 3947
     *                   section 3.2), not in Main Mode messages 3 and 4
     */
    NatDetectionTask(IkeSa sa, V1Context ctx, boolean aggressive) {
        this.sa = sa;
        this.ctx = ctx;
        this.aggressive = aggressive;
    }

    @Override
    public String name() {
        return "ISAKMP_NATD";
    }

    @Override
    public TaskStatus build(OutboundMessage message) {
        phase1Messages++;
        if (aggressive) {
            return buildAggressive(message);
        }
        if (phase1Messages < 2) {
            return TaskStatus.NEED_MORE;        // message 1 or 2: nothing of ours yet
        }
        boolean send = sa.peerSupportsNatT() && (sa.isInitiator() || state == State.RECEIVED);
        if (send) {
            addHashes(message);
        }
        if (sa.isInitiator() && send) {
            state = State.SENT;
            return TaskStatus.NEED_MORE;        // message 3 sent, message 4 tells
        }
        return TaskStatus.SUCCESS;
    }

    @Override
    public TaskStatus process(InboundMessage message) {
        List<NatDiscoveryPayload> natd = message.payloads().all(NatDiscoveryPayload.class).stream()
                .filter(n -> !n.draft()).toList();
        if (natd.isEmpty()) {
            if (state == State.SENT) {
                return TaskStatus.SUCCESS;      // initiator: the responder does no NAT-T
            }
            state = State.PEER_MESSAGE_SEEN;
            return TaskStatus.NEED_MORE;
        }
        HashAlgorithm hash = sa.proposal().hash();
        natd.stream().filter(n -> n.hash().length() != hash.outputLength()).findFirst().ifPresent(n ->
                LOG.info("{}: peer {} sent a NAT-D hash of {} bytes where {} gives {}: taken as a NAT", sa.id(),
                        sa.peerName(), n.hash().length(), hash, hash.outputLength()));
        Bytes mine = natHash(hash, message.datagram().local());
        Bytes theirs = natHash(hash, message.datagram().remote());
        boolean natLocal = !natd.get(0).hash().equals(mine) || sa.peer().forceEncapsulation();
        boolean natRemote = natd.stream().skip(1).noneMatch(n -> n.hash().equals(theirs));
        sa.setNat(natLocal, natRemote);
        if (state == State.SENT) {
            return TaskStatus.SUCCESS;
        }
        state = State.RECEIVED;
        return TaskStatus.NEED_MORE;
    }

    /** Aggressive Mode: the responder's message 2, then the initiator's message 3. */
    private TaskStatus buildAggressive(OutboundMessage message) {
        if (sa.isInitiator()) {
            if (phase1Messages < 2) {
                return TaskStatus.NEED_MORE;    // message 1: the cookies are not complete yet
            }
            if (sa.peerSupportsNatT() && state == State.RECEIVED) {
                addHashes(message);
            }
            return TaskStatus.SUCCESS;
        }
        if (sa.peerSupportsNatT()) {
            addHashes(message);
            state = State.SENT;
            return TaskStatus.NEED_MORE;        // message 3 tells
        }
        return TaskStatus.SUCCESS;
    }

    private void addHashes(OutboundMessage message) {
        HashAlgorithm hash = sa.proposal().hash();
        message.add(new NatDiscoveryPayload(natHash(hash, sa.remote()), false));
        Bytes own = sa.peer().forceEncapsulation() ? Bytes.of(ctx.random().randomBytes(hash.outputLength()))
                : natHash(hash, sa.local());
        message.add(new NatDiscoveryPayload(own, false));
    }

    /** HASH(CKY-I | CKY-R | IP | Port). */
    Bytes natHash(HashAlgorithm hash, InetSocketAddress endpoint) {
        byte[] cookies = sa.id().toBytes();
        byte[] ip = endpoint.getAddress().getAddress();
        byte[] port = {(byte) (endpoint.getPort() >>> 8), (byte) endpoint.getPort()};
        return Bytes.of(hash.hash(cookies, ip, port));
    }
}
