package io.gatewise.agent.ike.codec;

import java.util.Objects;

/**
 * The Vendor ID payload, RFC 2408 section 3.16: usually a hash announcing an extension (NAT-T
 * RFC 3947, DPD RFC 3706, fragmentation, XAUTH).
 *
 * <pre>
 * ! Next Payload  !   RESERVED    !         Payload Length        !
 * ~                         Vendor ID (VID)                                 ~
 * </pre>
 */
public record VendorIdPayload(Bytes vendorId) implements Payload {
    public static final PayloadType TYPE = PayloadType.VENDOR_ID;

    public VendorIdPayload {
        Objects.requireNonNull(vendorId, "vendorId");
        if (vendorId.length() < 1 || vendorId.length() > 65531) {
            throw new IllegalArgumentException("vendorId length " + vendorId.length() + " outside 1..65531");
        }
    }

    @Override
    public int typeValue() {
        return TYPE.value();
    }

    static VendorIdPayload decodeBody(PayloadReader r) throws CodecException {
        if (r.remaining() < 1 || r.remaining() > 65531) {
            throw new CodecException(NotifyType.PAYLOAD_MALFORMED,
                    TYPE.shortName() + " data length " + r.remaining() + " outside 1..65531");
        }
        return new VendorIdPayload(r.rest());
    }

    @Override
    public void encodeBody(PayloadWriter w) {
        w.bytes(vendorId);
    }
}
