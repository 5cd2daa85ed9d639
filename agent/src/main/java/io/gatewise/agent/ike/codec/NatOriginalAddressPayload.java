package io.gatewise.agent.ike.codec;

import java.util.Objects;

/**
 * The NAT Original Address payload, RFC 3947 section 5.2 (type 21, or 131 in the drafts):
 * the address a transport-mode peer believes it has, for checksum fix-up.
 *
 * <pre>
 * ! Next Payload  !   RESERVED    !        Payload length         !
 * !    ID Type    !   RESERVED    !            RESERVED           !
 * ~           IPv4 (4 octets) or IPv6 address (16 octets)         ~
 * </pre>
 */
public record NatOriginalAddressPayload(IdType idType, Bytes address, boolean draft) implements Payload {

    public NatOriginalAddressPayload {
        Objects.requireNonNull(idType, "idType");
        Objects.requireNonNull(address, "address");
        if (idType != IdType.IPV4_ADDR && idType != IdType.IPV6_ADDR || address.length() != idType.dataLength()) {
            throw new IllegalArgumentException("NAT-OA needs an IPv4 or IPv6 address");
        }
    }

    @Override
    public int typeValue() {
        return (draft ? PayloadType.NAT_OA_DRAFT : PayloadType.NAT_OA).value();
    }

    static NatOriginalAddressPayload decodeBody(PayloadReader r, boolean draft) throws CodecException {
        int type = r.u8("NAT-OA ID type");
        r.skip(3, "NAT-OA reserved");
        IdType idType = IdType.fromValue(type).filter(t -> t == IdType.IPV4_ADDR || t == IdType.IPV6_ADDR)
                .orElseThrow(() -> new CodecException(NotifyType.PAYLOAD_MALFORMED, "NAT-OA with ID type " + type));
        if (r.remaining() != idType.dataLength()) {
            throw new CodecException(NotifyType.PAYLOAD_MALFORMED,
                    "NAT-OA " + idType + " with " + r.remaining() + " address bytes");
        }
        return new NatOriginalAddressPayload(idType, r.rest(), draft);
    }

    @Override
    public void encodeBody(PayloadWriter w) {
        w.u8(idType.value()).zeros(3).bytes(address);
    }
}
