package io.gatewise.agent.ike.codec;

import java.util.Objects;

/**
 * A payload whose type this codec does not know (for example private-use types 128..255
 * of other vendors). Its body is kept verbatim and exchanges skip it; message rules ignore
 * it. IKEv1 has no critical bit, but a sender that sets the top bit of the reserved octet
 * (IKEv2's critical flag) evidently depends on it, so such a payload is refused.
 */
public record UnknownPayload(int typeValue, Bytes body) implements Payload {

    public UnknownPayload {
        Objects.requireNonNull(body, "body");
        Transform.checkOctet(typeValue, "payload type");
    }

    @Override
    public void encodeBody(PayloadWriter w) {
        w.bytes(body);
    }
}
