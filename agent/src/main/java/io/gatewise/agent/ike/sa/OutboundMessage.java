package io.gatewise.agent.ike.sa;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

import io.gatewise.agent.ike.codec.ExchangeType;
import io.gatewise.agent.ike.codec.Payload;

/**
 * A message being built by the tasks of an exchange. Tasks add payloads in order; a task
 * may ask for a HASH payload in front, computed over everything after it as encoded
 * (Quick Mode HASH(1)/(2), informational HASH(1), RFC 2409 sections 5.5 and 5.7).
 */
public final class OutboundMessage {
    private final ExchangeType exchange;
    private final int messageId;
    private final long nowMillis;
    private final List<Payload> payloads = new ArrayList<>();
    private boolean encrypt;
    private UnaryOperator<byte[]> hashOverRest;

    public OutboundMessage(ExchangeType exchange, int messageId, long nowMillis) {
        this.exchange = Objects.requireNonNull(exchange, "exchange");
        this.messageId = messageId;
        this.nowMillis = nowMillis;
    }

    public ExchangeType exchange() {
        return exchange;
    }

    public int messageId() {
        return messageId;
    }

    public long nowMillis() {
        return nowMillis;
    }

    public OutboundMessage add(Payload p) {
        payloads.add(Objects.requireNonNull(p));
        return this;
    }

    public List<Payload> payloads() {
        return payloads;
    }

    /** The body is encrypted with the phase 1 keys. */
    public OutboundMessage encrypt() {
        this.encrypt = true;
        return this;
    }

    public boolean isEncrypted() {
        return encrypt;
    }

    /**
     * Puts a HASH payload first whose value is {@code hash} applied to the encoding of all
     * other payloads.
     */
    public OutboundMessage hashFirst(UnaryOperator<byte[]> hash) {
        this.hashOverRest = hash;
        return this;
    }

    public UnaryOperator<byte[]> hashOverRest() {
        return hashOverRest;
    }
}
