package io.gatewise.agent.ike.codec;

import java.util.Objects;

/** A fully decoded message: header and payloads. */
public record IsakmpMessage(IsakmpHeader header, DecodedPayloads payloads) {
    public IsakmpMessage {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(payloads, "payloads");
    }

    @Override
    public String toString() {
        return header + " " + payloads;
    }
}
