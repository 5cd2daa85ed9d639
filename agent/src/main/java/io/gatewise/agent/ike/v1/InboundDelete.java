package io.gatewise.agent.ike.v1;

import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.gatewise.agent.ike.codec.Bytes;
import io.gatewise.agent.ike.codec.DeletePayload;
import io.gatewise.agent.ike.codec.ProtocolId;
import io.gatewise.agent.ike.sa.ChildSa;
import io.gatewise.agent.ike.sa.DropReason;
import io.gatewise.agent.ike.sa.IkeSa;
import io.gatewise.agent.ipsec.IpsecProtocol;

/**
 * A protected Delete payload from the peer (RFC 2408 section 3.15, RFC 2409 section 5.7),
 * checked SPI by SPI before anything is removed:
 *
 * <ul>
 *   <li>ISAKMP (SPI = 16-byte cookie pair): the SA that carried the Delete, or another
 *       established ISAKMP SA with the same peer (same configuration and authenticated
 *       identity: after a phase 1 rekey the old SA may be deleted through the new one);</li>
 *   <li>ESP/AH (SPI = 4 bytes, the peer's inbound SPI = our outbound one, section 3.15
 *       "the SPI of the sending entity"): a child of this ISAKMP SA, or of another one with
 *       the same peer;</li>
 *   <li>anything else — an SA that does not exist, one that belongs to another peer, an
 *       SPI of the wrong size or an unknown protocol — is refused, logged in plain words
 *       and counted ({@link DropReason#DELETE_REFUSED}); nothing else is affected.</li>
 * </ul>
 */
final class InboundDelete {
    private static final Logger LOG = LoggerFactory.getLogger(InboundDelete.class);

    private final IkeSa sa;
    private final V1Context ctx;
    private final Informational informational;

    InboundDelete(IkeSa sa, V1Context ctx, Informational informational) {
        this.sa = sa;
        this.ctx = ctx;
        this.informational = informational;
    }

    void handle(DeletePayload del, long now) {
        int protocol = del.protocolId();
        if (protocol == ProtocolId.ISAKMP.value()) {
            for (Bytes spi : del.spis()) {
                isakmp(spi, now);
            }
            return;
        }
        if (protocol != ProtocolId.IPSEC_ESP.value() && protocol != ProtocolId.IPSEC_AH.value()) {
            refuse("a Delete for protocol " + protocol + ", which is neither ISAKMP, ESP nor AH");
            return;
        }
        IpsecProtocol ipsec = protocol == ProtocolId.IPSEC_AH.value() ? IpsecProtocol.AH : IpsecProtocol.ESP;
        for (Bytes spi : del.spis()) {
            if (spi.length() != 4) {
                refuse("a Delete for an " + ipsec + " SPI of " + spi.length() + " bytes (4 expected)");
                continue;
            }
            child(ipsec, (int) spi.toUnsignedLong(), now);
        }
    }

    private void isakmp(Bytes spi, long now) {
        if (spi.equals(Bytes.of(sa.id().toBytes()))) {
            informational.deleted("deleted by peer", now, false);
            return;
        }
        for (IkeSa other : ctx.hooks().ikeSas()) {
            if (other == sa || !spi.equals(Bytes.of(other.id().toBytes()))) {
                continue;
            }
            if (!samePeer(other)) {
                refuse("a Delete for IKE SA " + other.id() + ", which belongs to peer " + other.peerName());
                return;
            }
            LOG.info("{}: peer {} deleted its IKE SA {} through this one", sa.id(), sa.peerName(), other.id());
            other.taskManager().abort("deleted by peer", now);
            return;
        }
        refuse("a Delete for IKE SA " + spi.hex() + ", which does not exist");
    }

    private void child(IpsecProtocol protocol, int spi, long now) {
        Optional<ChildSa> own = sa.children().stream()
                .filter(c -> c.spiOut() == spi && c.protocol() == protocol).findFirst();
        if (own.isPresent()) {
            informational.removeChild(own.get(), "deleted by peer", now);
            return;
        }
        Optional<ChildSa> elsewhere = ctx.hooks().childByOutboundSpi(spi, sa.remote().getAddress())
                .filter(c -> c.protocol() == protocol);
        if (elsewhere.isEmpty() && ((TaskManagerV1) sa.taskManager()).recentlyDeleted(spi)) {
            // both ends delete a rekeyed pair; the second Delete finds it gone
            LOG.debug("{}: peer {} deleted SPI {}, which we deleted already", sa.id(), sa.peerName(),
                    ChildSa.spiHex(spi));
            return;
        }
        if (elsewhere.isEmpty()) {
            refuse("a Delete for " + protocol + " SPI " + ChildSa.spiHex(spi) + ", which is no SA of ours with it");
            return;
        }
        ChildSa c = elsewhere.get();
        Optional<IkeSa> owner = ctx.hooks().ikeSas().stream()
                .filter(s -> s.id().equals(c.ikeSa()) && s.children().contains(c)).findFirst();
        if (owner.isEmpty() || !samePeer(owner.get())) {
            refuse("a Delete for " + protocol + " SPI " + ChildSa.spiHex(spi) + ", which belongs to peer " + c.peer());
            return;
        }
        ((TaskManagerV1) owner.get().taskManager()).childDeletedByPeer(c, now);
    }

    /** The same configured peer, authenticated as the same identity. */
    private boolean samePeer(IkeSa other) {
        return other.isEstablished() && other.peer() != null && sa.peer() != null
                && other.peer().name().equals(sa.peer().name()) && Objects.equals(other.remoteId(), sa.remoteId());
    }

    private void refuse(String what) {
        ctx.hooks().counters().dropped(DropReason.DELETE_REFUSED);
        LOG.info("{}: peer {} sent {}: refused, nothing deleted", sa.id(), sa.peerName(), what);
    }
}
