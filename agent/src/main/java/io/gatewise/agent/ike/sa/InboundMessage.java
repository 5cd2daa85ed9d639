package io.gatewise.agent.ike.sa;

import java.util.Objects;

import io.gatewise.agent.ike.codec.DecodedPayloads;
import io.gatewise.agent.ike.codec.IsakmpHeader;
import io.gatewise.agent.ike.transport.Datagram;

/**
 * A received message after decryption, decoding and the message-rule check, as tasks see it.
 *
 * @param encrypted the body was encrypted (and so came from someone holding the keys)
 */
public record InboundMessage(IsakmpHeader header, DecodedPayloads payloads, boolean encrypted, Datagram datagram,
        long nowMillis) {
    public InboundMessage {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(payloads, "payloads");
        Objects.requireNonNull(datagram, "datagram");
    }

    public int messageId() {
        return header.messageId();
    }
}
