package io.gatewise.agent.ike.v1;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.gatewise.agent.ike.codec.Bytes;
import io.gatewise.agent.ike.codec.DataAttribute;
import io.gatewise.agent.ike.codec.DecodeResult;
import io.gatewise.agent.ike.codec.IpsecAttributeType;
import io.gatewise.agent.ike.codec.LifeType;
import io.gatewise.agent.ike.codec.NotificationPayload;
import io.gatewise.agent.ike.codec.NotifyType;
import io.gatewise.agent.ike.codec.Phase1AttributeType;
import io.gatewise.agent.ike.codec.ProtocolId;
import io.gatewise.agent.ike.sa.IkeSa;

/**
 * The RESPONDER-LIFETIME notification (RFC 2407 section 4.6.3.1): a Quick Mode responder
 * whose policy allows a shorter lifetime than the initiator proposed accepts the proposal
 * unchanged (it must echo the transform) and announces its own lifetime in this
 * notification; the initiator then uses the shorter one.
 *
 * <pre>
 *   Notify: DOI = IPSEC, Protocol = PROTO_IPSEC_ESP, SPI = the SA's (4 octets),
 *           type = RESPONDER-LIFETIME (24576),
 *   data  = SA Life Type, SA Life Duration [, SA Life Type, SA Life Duration]
 *           (the IPsec SA attributes of RFC 2407 section 4.5, back to back)
 * </pre>
 *
 * <p>For the ISAKMP SA (what Cisco IOS sends in an Informational right after phase 1):
 * <pre>
 *   Notify: DOI = IPSEC, Protocol = PROTO_ISAKMP, SPI = CKY-I | CKY-R (16 octets),
 *           type = RESPONDER-LIFETIME,
 *   data  = Life Type (11) = seconds, Life Duration (12)   (RFC 2409 appendix A)
 * </pre>
 * The phase 1 responder echoes the proposed transform (RFC 2409 section 5) and uses its
 * own shorter lifetime; without this notification the initiator would keep the longer one
 * and the responder alone would rekey. A received one is taken from the IPsec attribute
 * numbers (1, 2) as well, since RFC 2407 names only those.
 */
final class ResponderLifetime {
    private static final Logger LOG = LoggerFactory.getLogger(ResponderLifetime.class);

    /** Lifetimes in force: seconds (&gt; 0) and kilobytes (0: no volume limit). */
    record Lifetimes(long seconds, long kilobytes) {
    }

    private ResponderLifetime() {
    }

    /** Our announcement, naming the SA by the SPI the initiator chose (RFC 2407 section 4.6.3.1). */
    static NotificationPayload notification(int spi, long seconds, long kilobytes) {
        List<DataAttribute> attrs = new ArrayList<>();
        attrs.add(DataAttribute.basic(IpsecAttributeType.SA_LIFE_TYPE.value(), LifeType.SECONDS.value()));
        attrs.add(DataAttribute.number(IpsecAttributeType.SA_LIFE_DURATION.value(), seconds));
        if (kilobytes > 0) {
            attrs.add(DataAttribute.basic(IpsecAttributeType.SA_LIFE_TYPE.value(), LifeType.KILOBYTES.value()));
            attrs.add(DataAttribute.number(IpsecAttributeType.SA_LIFE_DURATION.value(), kilobytes));
        }
        return NotificationPayload.of(NotifyType.RESPONDER_LIFETIME, ProtocolId.IPSEC_ESP, Bytes.ofInt(spi, 4),
                DataAttribute.encodeList(attrs));
    }

    /**
     * The lifetimes after the peer's announcement: each announced value replaces ours only
     * when shorter (a responder may lower, never raise, what we proposed). Malformed data
     * and durations without a preceding life type change nothing.
     */
    static Lifetimes apply(NotificationPayload n, Lifetimes ours) {
        return apply(n, ours, IpsecAttributeType.SA_LIFE_TYPE.value(), IpsecAttributeType.SA_LIFE_DURATION.value());
    }

    /** Our announcement for the ISAKMP SA {@code sa}: its cookies and our lifetime in seconds. */
    static NotificationPayload forIsakmpSa(IkeSa sa, long seconds) {
        List<DataAttribute> attrs = List.of(
                DataAttribute.basic(Phase1AttributeType.LIFE_TYPE.value(), LifeType.SECONDS.value()),
                DataAttribute.number(Phase1AttributeType.LIFE_DURATION.value(), seconds));
        return NotificationPayload.of(NotifyType.RESPONDER_LIFETIME, ProtocolId.ISAKMP, Bytes.of(sa.id().toBytes()),
                DataAttribute.encodeList(attrs));
    }

    /**
     * Phase 1 responder whose lifetime is shorter than the proposed one: a protected
     * Informational tells the initiator. When: {@link IsakmpLifetimeAnnouncement}, which
     * also decides whether there is anything to announce.
     */
    static void announceForIsakmpSa(IkeSa sa, Informational informational, long now) {
        LOG.info("{}: telling {} that our ISAKMP SA lifetime is {} s, shorter than proposed (RESPONDER-LIFETIME)",
                sa.id(), sa.peerName(), sa.lifetimeToAnnounce());
        informational.send(List.of(forIsakmpSa(sa, sa.lifetimeToAnnounce())), now);
    }

    /**
     * Phase 1 initiator: the responder announced a lifetime for our ISAKMP SA; a shorter one
     * replaces ours. Returns whether it changed (the caller moves the rekey).
     */
    static boolean adoptForIsakmpSa(IkeSa sa, NotificationPayload n) {
        long seconds = isakmpSeconds(n, sa.lifetimeSeconds());
        if (!sa.isInitiator() || seconds >= sa.lifetimeSeconds()) {
            return false;
        }
        LOG.info("{}: {} announced an ISAKMP SA lifetime of {} s (RESPONDER-LIFETIME): using it instead of {} s",
                sa.id(), sa.peerName(), seconds, sa.lifetimeSeconds());
        sa.setProposal(sa.proposal(), seconds);
        return true;
    }

    /** Whether {@code n} announces the lifetime of the ISAKMP SA {@code sa} (protocol and cookies). */
    static boolean isForIsakmpSa(NotificationPayload n, IkeSa sa) {
        return n.is(NotifyType.RESPONDER_LIFETIME) && n.protocolId() == ProtocolId.ISAKMP.value()
                && (n.spi().length() == 0 || n.spi().equals(Bytes.of(sa.id().toBytes())));
    }

    /**
     * The ISAKMP SA's lifetime in seconds after the responder's announcement: the announced
     * value when shorter than {@code current}, else {@code current}.
     */
    static long isakmpSeconds(NotificationPayload n, long current) {
        Lifetimes phase1 = apply(n, new Lifetimes(current, 0), Phase1AttributeType.LIFE_TYPE.value(),
                Phase1AttributeType.LIFE_DURATION.value());
        Lifetimes ipsecNumbers = apply(n, new Lifetimes(current, 0), IpsecAttributeType.SA_LIFE_TYPE.value(),
                IpsecAttributeType.SA_LIFE_DURATION.value());
        return Math.min(phase1.seconds(), ipsecNumbers.seconds());
    }

    private static Lifetimes apply(NotificationPayload n, Lifetimes ours, int lifeTypeAttr, int durationAttr) {
        DecodeResult<List<DataAttribute>> attrs = DataAttribute.decodeList(n.data());
        if (!attrs.isOk()) {
            return ours;
        }
        long seconds = ours.seconds();
        long kb = ours.kilobytes();
        LifeType type = null;
        for (DataAttribute a : attrs.value()) {
            long v = a.numeric().orElse(-1);
            if (a.type() == lifeTypeAttr) {
                type = LifeType.fromValue(v).orElse(null);
            } else if (a.type() == durationAttr && v > 0) {
                if (type == LifeType.SECONDS) {
                    seconds = Math.min(seconds, v);
                } else if (type == LifeType.KILOBYTES) {
                    kb = kb == 0 ? v : Math.min(kb, v);
                }
                type = null;
            }
        }
        return new Lifetimes(seconds, kb);
    }
}
