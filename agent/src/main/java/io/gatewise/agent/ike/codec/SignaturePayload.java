package io.gatewise.agent.ike.codec;

import java.util.Objects;

/**
 * The Signature payload, RFC 2408 section 3.12: SIG_I/SIG_R of RFC 2409 section 5.1.
 *
 * <pre>
 * ! Next Payload  !   RESERVED    !         Payload Length        !
 * ~                         Signature Data                                  ~
 * </pre>
 */
public record SignaturePayload(Bytes signature) implements Payload {
    public static final PayloadType TYPE = PayloadType.SIGNATURE;

    public SignaturePayload {
        Objects.requireNonNull(signature, "signature");
        if (signature.length() < 1 || signature.length() > 65531) {
            throw new IllegalArgumentException("signature length " + signature.length() + " outside 1..65531");
        }
    }

    @Override
    public int typeValue() {
        return TYPE.value();
    }

    static SignaturePayload decodeBody(PayloadReader r) throws CodecException {
        if (r.remaining() < 1 || r.remaining() > 65531) {
            throw new CodecException(NotifyType.PAYLOAD_MALFORMED,
                    TYPE.shortName() + " data length " + r.remaining() + " outside 1..65531");
        }
        return new SignaturePayload(r.rest());
    }

    @Override
    public void encodeBody(PayloadWriter w) {
        w.bytes(signature);
    }
}
