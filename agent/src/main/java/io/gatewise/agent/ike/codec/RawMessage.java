package io.gatewise.agent.ike.codec;

import java.util.Objects;

/**
 * A message after the first decoding stage: a validated header and the body as it came
 * (cipher text when the E flag is set; decode it with
 * {@link IsakmpDecoder#decodePayloads(int, byte[], boolean)} after decryption).
 */
public record RawMessage(IsakmpHeader header, Bytes body) {
    public RawMessage {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(body, "body");
    }
}
