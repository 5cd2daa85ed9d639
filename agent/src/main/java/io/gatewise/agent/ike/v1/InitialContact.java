package io.gatewise.agent.ike.v1;

import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.gatewise.agent.ike.codec.Bytes;
import io.gatewise.agent.ike.codec.NotificationPayload;
import io.gatewise.agent.ike.codec.NotifyType;
import io.gatewise.agent.ike.codec.ProtocolId;
import io.gatewise.agent.ike.sa.IkeSa;
import io.gatewise.agent.ike.sa.InboundMessage;

/**
 * INITIAL-CONTACT (RFC 2407 section 4.6.3.3): "this is the first SA I have with you".
 *
 * <ul>
 *   <li><b>Sent</b> in the encrypted, authenticated part of phase 1 (Main Mode message 5)
 *       when we hold no established ISAKMP SA with that peer, e.g. after the agent
 *       restarted or DPD gave up on the peer. Never while another SA with the peer lives
 *       (a phase 1 rekey): the peer would drop the SAs still carrying traffic.</li>
 *   <li><b>Aggressive Mode</b> has no encrypted phase 1 message (message 3 travels in
 *       clear, RFC 2409 section 5), so RFC 2407 section 4.6.3 leaves a separate protected
 *       Informational. We send it as Aggressive Mode initiator once message 2 authenticated
 *       the responder and the keys exist, just before message 3. The order matters for
 *       strongSwan: it acts on INITIAL-CONTACT only while the IKE SA becomes established
 *       (its {@code ike_sa_manager} checks uniqueness when it first checks the SA in as
 *       established), and it queues an Informational that arrives while its Aggressive Mode
 *       task still waits for message 3; one that arrives after message 3 is accepted but has
 *       no effect. The IV of the Informational is the same either way: message 3 is not
 *       encrypted, so the phase 1 IV does not move (RFC 2409 appendix B). Sending first
 *       does not make it arrive first everywhere: charon hands each datagram to a worker
 *       thread, and on a loaded peer the thread with message 3 may check the SA out first.
 *       Nothing we can send fixes that order (an Informational is never acknowledged, and
 *       charon ignores INITIAL-CONTACT in message 3), so in Aggressive Mode the
 *       notification is best effort; the stale SAs then go by the peer's own DPD or
 *       lifetime.</li>
 *   <li><b>Received</b> in an encrypted phase 1 message or a protected Informational, it
 *       takes effect once the peer authenticated: every other established ISAKMP SA with
 *       the same peer (configured peer and authenticated identity) is deleted locally with
 *       its IPsec SAs; the peer forgot them, so no Delete is sent. SAs with any other peer
 *       are never touched.</li>
 * </ul>
 */
final class InitialContact {
    private static final Logger LOG = LoggerFactory.getLogger(InitialContact.class);

    private InitialContact() {
    }

    /** The notification: protocol ISAKMP, SPI = CKY-I | CKY-R. */
    static NotificationPayload payload(IkeSa sa) {
        return NotificationPayload.of(NotifyType.INITIAL_CONTACT, ProtocolId.ISAKMP, Bytes.of(sa.id().toBytes()),
                Bytes.EMPTY);
    }

    /** Whether our phase 1 for {@code sa} should carry INITIAL-CONTACT. */
    static boolean shouldSend(IkeSa sa, V1Context ctx) {
        if (sa.peer() == null || !sa.peer().sendInitialContact()) {
            return false;
        }
        for (IkeSa other : ctx.hooks().ikeSas()) {
            if (other != sa && other.isEstablished() && samePeerName(other, sa)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Aggressive Mode initiator, message 2 authenticated: INITIAL-CONTACT in a protected
     * Informational sent before message 3 (see the class comment), when {@link #shouldSend}.
     */
    static void beforeAggressiveMessage3(IkeSa sa, V1Context ctx, Informational informational, long now) {
        if (shouldSend(sa, ctx) && !sa.isReplacement()) {
            LOG.info("{}: first SA with {} since we started: INITIAL-CONTACT in an Informational before Aggressive "
                    + "Mode message 3", sa.id(), sa.peerName());
            informational.send(List.of(payload(sa)), now);
        }
    }

    /** Whether an authenticated (encrypted) message carries INITIAL-CONTACT. */
    static boolean carried(InboundMessage m) {
        return m.encrypted() && m.payloads().all(NotificationPayload.class).stream()
                .anyMatch(n -> n.is(NotifyType.INITIAL_CONTACT));
    }

    /**
     * The authenticated peer of {@code sa} sent INITIAL-CONTACT: its other SAs with us are
     * stale. Returns how many ISAKMP SAs were deleted.
     */
    static int received(IkeSa sa, V1Context ctx, long now) {
        if (!sa.isEstablished() || sa.peer() == null) {
            return 0;
        }
        int deleted = 0;
        for (IkeSa other : ctx.hooks().ikeSas()) {
            if (other == sa || !other.isEstablished() || !samePeerName(other, sa)
                    || !Objects.equals(other.remoteId(), sa.remoteId())) {
                continue;
            }
            LOG.info("peer {} ({}) sent INITIAL-CONTACT with IKE SA {}: deleting the stale IKE SA {} and its {} "
                    + "CHILD SA(s)", sa.peerName(), sa.remoteId(), sa.id(), other.id(), other.children().size());
            // its children go too: handed over to the new SA they would keep SPIs the peer forgot
            if (other.taskManager() instanceof TaskManagerV1 stale) {
                stale.removeChildrenLocally("peer sent INITIAL-CONTACT (it lost its SAs)", now);
            }
            other.taskManager().abort("replaced: peer sent INITIAL-CONTACT (it lost its SAs)", now);
            deleted++;
        }
        if (deleted == 0) {
            LOG.debug("{}: INITIAL-CONTACT from {}: no stale SAs", sa.id(), sa.peerName());
        }
        return deleted;
    }

    private static boolean samePeerName(IkeSa a, IkeSa b) {
        return a.peer() != null && b.peer() != null && a.peer().name().equals(b.peer().name());
    }
}
