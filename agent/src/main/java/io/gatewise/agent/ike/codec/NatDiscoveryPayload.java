package io.gatewise.agent.ike.codec;

import java.util.Objects;

/**
 * The NAT Discovery payload, RFC 3947 section 3.2: HASH(CKY-I | CKY-R | IP | Port) with
 * the negotiated hash. Type 20, or 130 from peers speaking draft-ietf-ipsec-nat-t-ike-02/03.
 *
 * <pre>
 * ! Next Payload  !   RESERVED    !        Payload length         !
 * ~                 HASH of the address and port                  ~
 * </pre>
 */
public record NatDiscoveryPayload(Bytes hash, boolean draft) implements Payload {

    public NatDiscoveryPayload {
        Objects.requireNonNull(hash, "hash");
        if (hash.isEmpty()) {
            throw new IllegalArgumentException("empty NAT-D hash");
        }
    }

    @Override
    public int typeValue() {
        return (draft ? PayloadType.NAT_D_DRAFT : PayloadType.NAT_D).value();
    }

    static NatDiscoveryPayload decodeBody(PayloadReader r, boolean draft) throws CodecException {
        if (!r.hasRemaining()) {
            throw new CodecException(NotifyType.PAYLOAD_MALFORMED, "empty NAT-D payload");
        }
        return new NatDiscoveryPayload(r.rest(), draft);
    }

    @Override
    public void encodeBody(PayloadWriter w) {
        w.bytes(hash);
    }
}
