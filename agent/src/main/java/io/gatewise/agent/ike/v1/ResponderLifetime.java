package io.gatewise.agent.ike.v1;

import java.util.ArrayList;
import java.util.List;

import io.gatewise.agent.ike.codec.Bytes;
import io.gatewise.agent.ike.codec.DataAttribute;
import io.gatewise.agent.ike.codec.DecodeResult;
import io.gatewise.agent.ike.codec.IpsecAttributeType;
import io.gatewise.agent.ike.codec.LifeType;
import io.gatewise.agent.ike.codec.NotificationPayload;
import io.gatewise.agent.ike.codec.NotifyType;
import io.gatewise.agent.ike.codec.ProtocolId;

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
 */
final class ResponderLifetime {

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
        DecodeResult<List<DataAttribute>> attrs = DataAttribute.decodeList(n.data());
        if (!attrs.isOk()) {
            return ours;
        }
        long seconds = ours.seconds();
        long kb = ours.kilobytes();
        LifeType type = null;
        for (DataAttribute a : attrs.value()) {
            long v = a.numeric().orElse(-1);
            if (a.type() == IpsecAttributeType.SA_LIFE_TYPE.value()) {
                type = LifeType.fromValue(v).orElse(null);
            } else if (a.type() == IpsecAttributeType.SA_LIFE_DURATION.value() && v > 0) {
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
