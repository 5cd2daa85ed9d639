package io.gatewise.agent.ike.codec;

import java.util.Objects;

/**
 * The Nonce payload, RFC 2408 section 3.13. RFC 2409 section 5 bounds the nonce to 8..256
 * bytes; anything else is malformed.
 *
 * <pre>
 * ! Next Payload  !   RESERVED    !         Payload Length        !
 * ~                         Nonce Data                                      ~
 * </pre>
 */
public record NoncePayload(Bytes nonce) implements Payload {
    public static final PayloadType TYPE = PayloadType.NONCE;

    public NoncePayload {
        Objects.requireNonNull(nonce, "nonce");
        if (nonce.length() < 8 || nonce.length() > 256) {
            throw new IllegalArgumentException("nonce length " + nonce.length() + " outside 8..256");
        }
    }

    @Override
    public int typeValue() {
        return TYPE.value();
    }

    static NoncePayload decodeBody(PayloadReader r) throws CodecException {
        if (r.remaining() < 8 || r.remaining() > 256) {
            throw new CodecException(NotifyType.PAYLOAD_MALFORMED,
                    TYPE.shortName() + " data length " + r.remaining() + " outside 8..256");
        }
        return new NoncePayload(r.rest());
    }

    @Override
    public void encodeBody(PayloadWriter w) {
        w.bytes(nonce);
    }
}
