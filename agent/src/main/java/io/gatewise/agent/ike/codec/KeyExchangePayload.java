package io.gatewise.agent.ike.codec;

import java.util.Objects;

/**
 * The Key Exchange payload, RFC 2408 section 3.7: the sender's public Diffie-Hellman value
 * (g^x for MODP groups, RFC 2409 section 5; the x|y coordinates for ECP groups, RFC 5903
 * section 7). Its length is checked against the negotiated group by the exchange.
 *
 * <pre>
 * ! Next Payload  !   RESERVED    !         Payload Length        !
 * ~                         Key Exchange Data                               ~
 * </pre>
 */
public record KeyExchangePayload(Bytes keyData) implements Payload {
    public static final PayloadType TYPE = PayloadType.KEY_EXCHANGE;

    public KeyExchangePayload {
        Objects.requireNonNull(keyData, "keyData");
        if (keyData.length() < 1 || keyData.length() > 65531) {
            throw new IllegalArgumentException("keyData length " + keyData.length() + " outside 1..65531");
        }
    }

    @Override
    public int typeValue() {
        return TYPE.value();
    }

    static KeyExchangePayload decodeBody(PayloadReader r) throws CodecException {
        if (r.remaining() < 1 || r.remaining() > 65531) {
            throw new CodecException(NotifyType.PAYLOAD_MALFORMED,
                    TYPE.shortName() + " data length " + r.remaining() + " outside 1..65531");
        }
        return new KeyExchangePayload(r.rest());
    }

    @Override
    public void encodeBody(PayloadWriter w) {
        w.bytes(keyData);
    }
}
