package io.gatewise.agent.ike.codec;

import java.util.Objects;

/**
 * The Hash payload, RFC 2408 section 3.11: the output of the negotiated PRF (HASH_I/HASH_R
 * of RFC 2409 section 5, HASH(1..3) of Quick Mode, the informational HASH(1)).
 *
 * <pre>
 * ! Next Payload  !   RESERVED    !         Payload Length        !
 * ~                         Hash Data                                       ~
 * </pre>
 */
public record HashPayload(Bytes hash) implements Payload {
    public static final PayloadType TYPE = PayloadType.HASH;

    public HashPayload {
        Objects.requireNonNull(hash, "hash");
        if (hash.length() < 1 || hash.length() > 65531) {
            throw new IllegalArgumentException("hash length " + hash.length() + " outside 1..65531");
        }
    }

    @Override
    public int typeValue() {
        return TYPE.value();
    }

    static HashPayload decodeBody(PayloadReader r) throws CodecException {
        if (r.remaining() < 1 || r.remaining() > 65531) {
            throw new CodecException(NotifyType.PAYLOAD_MALFORMED,
                    TYPE.shortName() + " data length " + r.remaining() + " outside 1..65531");
        }
        return new HashPayload(r.rest());
    }

    @Override
    public void encodeBody(PayloadWriter w) {
        w.bytes(hash);
    }
}
