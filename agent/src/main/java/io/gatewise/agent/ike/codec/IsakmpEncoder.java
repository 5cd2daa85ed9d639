package io.gatewise.agent.ike.codec;

import java.util.List;

/**
 * The one ISAKMP encoder: generic payload headers with the next-payload chain, payload
 * lengths, and the header's next payload and total length. Payload bodies are written by
 * the payload records themselves.
 */
public final class IsakmpEncoder {
    private IsakmpEncoder() {
    }

    /** The payload chain alone: what is encrypted, and what the Quick Mode hashes cover. */
    public static byte[] encodePayloads(List<? extends Payload> payloads) {
        PayloadWriter w = new PayloadWriter();
        writeChain(w, payloads);
        return w.toByteArray();
    }

    /** A clear-text message; the header's next payload and length are filled in. */
    public static byte[] encode(IsakmpHeader header, List<? extends Payload> payloads) {
        if (header.isEncrypted()) {
            throw new IllegalArgumentException("encrypted messages take an encrypted body");
        }
        PayloadWriter w = new PayloadWriter();
        header.withNextPayloadAndLength(payloads.isEmpty() ? 0 : payloads.get(0).typeValue(), 0).encode(w);
        writeChain(w, payloads);
        return withLength(w.toByteArray());
    }

    /**
     * A message around a body that is already encoded, e.g. an encrypted payload chain.
     *
     * @param firstPayload the type of the first payload inside the body
     */
    public static byte[] encode(IsakmpHeader header, int firstPayload, byte[] body) {
        PayloadWriter w = new PayloadWriter();
        header.withNextPayloadAndLength(firstPayload, IsakmpHeader.LENGTH + body.length).encode(w);
        w.bytes(body);
        return w.toByteArray();
    }

    private static byte[] withLength(byte[] message) {
        int len = message.length;
        message[24] = (byte) (len >>> 24);
        message[25] = (byte) (len >>> 16);
        message[26] = (byte) (len >>> 8);
        message[27] = (byte) len;
        return message;
    }

    private static void writeChain(PayloadWriter w, List<? extends Payload> payloads) {
        for (int i = 0; i < payloads.size(); i++) {
            int start = w.size();
            w.u8(i + 1 < payloads.size() ? payloads.get(i + 1).typeValue() : 0).u8(0).u16(0);
            payloads.get(i).encodeBody(w);
            w.patchU16(start + 2, w.size() - start);
        }
    }
}
