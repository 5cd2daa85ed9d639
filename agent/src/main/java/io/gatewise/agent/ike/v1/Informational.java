package io.gatewise.agent.ike.v1;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.gatewise.agent.ike.codec.Bytes;
import io.gatewise.agent.ike.codec.CodecException;
import io.gatewise.agent.ike.codec.DecodeResult;
import io.gatewise.agent.ike.codec.DecodedPayloads;
import io.gatewise.agent.ike.codec.DeletePayload;
import io.gatewise.agent.ike.codec.ExchangeType;
import io.gatewise.agent.ike.codec.HashPayload;
import io.gatewise.agent.ike.codec.IsakmpHeader;
import io.gatewise.agent.ike.codec.MessageRules;
import io.gatewise.agent.ike.codec.NotificationPayload;
import io.gatewise.agent.ike.codec.NotifyType;
import io.gatewise.agent.ike.codec.Payload;
import io.gatewise.agent.ike.codec.ProtocolId;
import io.gatewise.agent.ike.codec.RawMessage;
import io.gatewise.agent.ike.event.ChildSaDeleted;
import io.gatewise.agent.ike.event.IkeSaDeleted;
import io.gatewise.agent.ike.sa.ChildSa;
import io.gatewise.agent.ike.sa.DropReason;
import io.gatewise.agent.ike.sa.IkeException;
import io.gatewise.agent.ike.sa.IkeSa;
import io.gatewise.agent.ike.sa.OutboundMessage;
import io.gatewise.agent.ike.transport.Datagram;

/**
 * Informational exchanges (RFC 2409 section 5.7): one-shot messages carrying Notify and
 * Delete payloads, protected by HASH(1) = prf(SKEYID_a, M-ID | N/D) once keys exist.
 *
 * <p>Received: protected ones are verified before anything is done; Deletes are honoured
 * only when protected. An unprotected error notification can only fail a phase 1 still
 * in negotiation, and only because it echoes our random cookie from the peer's address:
 * that is as much as an attacker on the path could do by dropping packets. DPD
 * (RFC 3706) is {@link DeadPeerDetection}'s, Deletes are checked by {@link InboundDelete},
 * INITIAL-CONTACT is {@link InitialContact}'s; every protected message proves the peer alive.
 */
final class Informational {
    private static final Logger LOG = LoggerFactory.getLogger(Informational.class);

    private final IkeSa sa;
    private final V1Context ctx;
    private final TaskManagerV1 tm;
    private final InboundDelete deletes;

    Informational(IkeSa sa, V1Context ctx, TaskManagerV1 tm) {
        this.sa = sa;
        this.ctx = ctx;
        this.tm = tm;
        this.deletes = new InboundDelete(sa, ctx, this);
    }

    void receive(RawMessage raw, Datagram d, long now) {
        IsakmpHeader h = raw.header();
        int mid = h.messageId();
        if (mid != 0 && tm.seen(mid)) {
            drop(DropReason.INVALID_MESSAGE_ID, "replayed informational " + Integer.toHexString(mid));
            return;
        }
        boolean authenticated = h.isEncrypted();
        DecodedPayloads payloads;
        byte[] body = raw.body().toByteArray();
        if (authenticated) {
            if (!sa.hasKeys()) {
                drop(DropReason.UNEXPECTED, "encrypted informational before keys exist");
                return;
            }
            byte[] plain;
            try {
                plain = MessageCrypto.decrypt(sa, mid, body);
            } catch (IkeException e) {
                drop(DropReason.INTEGRITY, e.reason());
                return;
            }
            DecodeResult<DecodedPayloads> r = TaskManagerV1.DECODER.decodePayloads(h.nextPayload(), plain, true);
            if (!r.isOk()) {
                drop(DropReason.INTEGRITY, "informational does not decrypt: " + r.failure());
                return;
            }
            payloads = r.value();
        } else {
            DecodeResult<DecodedPayloads> r = TaskManagerV1.DECODER.decodePayloads(h.nextPayload(), body, false);
            if (!r.isOk()) {
                drop(DropReason.MALFORMED, r.failure().toString());
                return;
            }
            payloads = r.value();
            if (sa.isEstablished()) {
                drop(DropReason.UNEXPECTED, "unprotected informational after phase 1");
                return;
            }
        }
        try {
            MessageRules.check(ExchangeType.INFORMATIONAL, MessageRules.Sender.INITIATOR, authenticated, payloads);
        } catch (CodecException e) {
            drop(DropReason.RULES, e.getMessage());
            return;
        }
        if (authenticated) {
            byte[] expected = sa.keymat().informationalHash(mid, payloads.from(1).toByteArray());
            HashPayload hash = (HashPayload) payloads.get(0);
            if (!io.gatewise.agent.crypto.Bytes.constantTimeEquals(expected, hash.hash().toByteArray())) {
                drop(DropReason.INTEGRITY, "HASH(1) of informational " + Integer.toHexString(mid) + " does not verify");
                return;
            }
            sa.ivs().remove(mid);
            if (sa.isEstablished()) {
                tm.peerInformationalVerified(now);
            }
        }
        if (mid != 0) {
            tm.rememberMessageId(mid);
        }
        boolean proofOfLife = authenticated;
        for (Payload p : payloads.payloads()) {
            if (sa.state() == IkeSa.State.DEAD) {
                return;
            }
            if (p instanceof NotificationPayload n) {
                proofOfLife &= notification(n, authenticated, now);
            } else if (p instanceof DeletePayload del) {
                if (authenticated) {
                    deletes.handle(del, now);
                } else {
                    drop(DropReason.UNEXPECTED, "unprotected Delete ignored");
                }
            }
        }
        if (proofOfLife && sa.isEstablished()) {
            tm.dpd().heard(now);         // RFC 3706 section 5.3: any protected message shows the peer alive
        }
    }

    /** @return false when the notification must not count as a sign of life (a stray DPD ACK) */
    private boolean notification(NotificationPayload n, boolean authenticated, long now) {
        if (n.is(NotifyType.INITIAL_CONTACT) && authenticated && !sa.isEstablished()) {
            tm.initialContactBeforeEstablished();
            return true;
        }
        if (n.is(NotifyType.R_U_THERE) || n.is(NotifyType.R_U_THERE_ACK) || n.is(NotifyType.INITIAL_CONTACT)) {
            if (!authenticated || !sa.isEstablished()) {
                drop(DropReason.UNEXPECTED, n.notifyType().map(NotifyType::rfcName).orElse("?")
                        + " unprotected or before phase 1 completed");
                return false;
            }
            if (n.is(NotifyType.R_U_THERE)) {
                tm.dpd().answer(n, now);
                return true;
            }
            if (n.is(NotifyType.R_U_THERE_ACK)) {
                return tm.dpd().acknowledged(n, now);
            }
            InitialContact.received(sa, ctx, now);
            return true;
        }
        otherNotification(n, authenticated, now);
        return true;
    }

    private void otherNotification(NotificationPayload n, boolean authenticated, long now) {
        if (authenticated && ResponderLifetime.isForIsakmpSa(n, sa)) {
            tm.isakmpLifetimeAnnounced(n);
            return;
        }
        String name = n.notifyType().map(NotifyType::rfcName).orElse("notify " + n.messageType());
        if (n.messageType() >= 16384 || n.messageType() == 0) {
            LOG.info("{}: peer {} sent status {}", sa.id(), sa.peerName(), name);
            return;
        }
        if (!sa.isEstablished()) {
            tm.failPhase1(null, false, name, "peer refused " + tm.phase1().describe() + " with " + name
                    + (authenticated ? "" : " (unprotected notification)"), true, now);
            return;
        }
        if (!authenticated) {
            return;
        }
        if (refusesAggressiveMessage3(n)) {
            tm.failPhase1(null, false, name, "peer refused Aggressive Mode message 3 with " + name, true, now);
            return;
        }
        List<Exchange> pending = tm.pendingQuickModes();
        if (pending.isEmpty()) {
            LOG.info("{}: peer {} sent error {}", sa.id(), sa.peerName(), name);
        }
        for (Exchange ex : pending) {
            tm.failQuickMode(ex, name, "peer refused Quick Mode with " + name, true, now, null);
        }
    }

    /**
     * The Aggressive Mode initiator is done once it sent message 3, which the responder
     * may still refuse (RFC 2409 section 5: no fourth message). A protected phase 1
     * authentication error about the ISAKMP SA, before any child exists, is that refusal.
     */
    private boolean refusesAggressiveMessage3(NotificationPayload n) {
        if (!sa.isInitiator() || tm.phase1() == null || tm.phase1().type != ExchangeType.AGGRESSIVE
                || !sa.children().isEmpty() || n.protocolId() != ProtocolId.ISAKMP.value()) {
            return false;
        }
        int t = n.messageType();
        return (t >= NotifyType.INVALID_ID_INFORMATION.value() && t <= NotifyType.INVALID_SIGNATURE.value())
                || t == NotifyType.CERTIFICATE_UNAVAILABLE.value();
    }

    /** Sends an error or status notification about the ISAKMP SA, protected when asked and possible. */
    void sendNotify(NotifyType type, boolean protect, long now) {
        send(List.of(NotificationPayload.of(type, ProtocolId.ISAKMP, Bytes.of(sa.id().toBytes()), Bytes.EMPTY)),
                protect, now);
    }

    /** One informational exchange, protected by HASH(1) once keys exist. */
    void send(List<Payload> payloads, long now) {
        send(payloads, true, now);
    }

    private void send(List<Payload> payloads, boolean protect, long now) {
        int mid;
        do {
            mid = ctx.nonZeroInt();
        } while (tm.seen(mid));
        tm.rememberMessageId(mid);
        OutboundMessage m = new OutboundMessage(ExchangeType.INFORMATIONAL, mid, now);
        payloads.forEach(m::add);
        boolean protectedMessage = protect && sa.hasKeys();
        if (protectedMessage) {
            int id = mid;
            m.encrypt().hashFirst(rest -> sa.keymat().informationalHash(id, rest));
        }
        tm.send(tm.encode(m));
        if (protectedMessage) {
            sa.ivs().remove(mid);
        }
    }

    void deleteChild(ChildSa child, String reason, long now, boolean tellPeer) {
        if (tellPeer) {
            sendChildDelete(child, now);
        }
        removeChild(child, reason, now);
    }

    /** A Delete payload for one pair, named by our inbound SPI (RFC 2408 section 3.15). */
    void sendChildDelete(ChildSa child, long now) {
        if (sa.hasKeys() && sa.isEstablished()) {
            send(List.of(DeletePayload.of(ProtocolId.IPSEC_ESP, List.of(Bytes.ofInt(child.spiIn(), 4)))), now);
        }
    }

    void removeChild(ChildSa child, String reason, long now) {
        // another generation of the same child (a rekey) shares the policy: it stays
        boolean policyShared = sa.children().stream()
                .anyMatch(c -> c != child && c.spiIn() != child.spiIn() && c.policyId().equals(child.policyId()));
        ChildInstaller.remove(ctx.hooks().backend(), child, !policyShared);
        tm.childRemoved(child);
        sa.children().remove(child);
        ctx.hooks().childRemoved(child);
        tm.emit(new ChildSaDeleted(now, sa.peerName(), child.name(), ChildSa.spiHex(child.spiIn()),
                ChildSa.spiHex(child.spiOut()), reason));
    }

    /** An established IKE SA ends: Deletes to the peer if asked, event, teardown. */
    void deleted(String reason, long now, boolean tellPeer) {
        // IKEv1 child SAs do not depend on the ISAKMP SA: a newer one with the same peer takes them
        ctx.hooks().handOverChildren(sa, now);
        if (tellPeer && sa.hasKeys()) {
            List<Bytes> spis = new ArrayList<>();
            for (ChildSa c : sa.children()) {
                spis.add(Bytes.ofInt(c.spiIn(), 4));
            }
            if (!spis.isEmpty()) {
                send(List.of(DeletePayload.of(ProtocolId.IPSEC_ESP, spis)), now);
            }
            send(List.of(DeletePayload.of(ProtocolId.ISAKMP, List.of(Bytes.of(sa.id().toBytes())))), now);
        }
        tm.emit(new IkeSaDeleted(now, sa.peerName(), sa.id().toString(), reason));
        teardown(now, "IKE SA deleted: " + reason);
    }

    /** Removes children from the datapath, gives back SPIs, wipes keys, forgets the SA. */
    void teardown(long now, String reason) {
        for (ChildSa c : new ArrayList<>(sa.children())) {
            removeChild(c, reason, now);
        }
        tm.abandonQuickModes();
        sa.destroy();
        ctx.hooks().dead(sa);
    }

    private void drop(DropReason reason, String why) {
        ctx.hooks().counters().dropped(reason);
        LOG.debug("{}: dropped informational: {}", sa.id(), why);
    }
}
