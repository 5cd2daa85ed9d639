package io.gatewise.agent.ike.codec;

/**
 * Bounds the decoder enforces on top of the lengths in the message, so that a hostile
 * datagram costs bounded memory and CPU.
 *
 * @param maxMessageLength largest ISAKMP message accepted (header included); a
 *                         reassembled fragmented message is bounded by this too
 * @param maxPayloads      top-level payloads per message
 * @param maxTransforms    transforms over all proposals of one SA payload
 * @param maxAttributes    data attributes per transform
 */
public record DecodeLimits(int maxMessageLength, int maxPayloads, int maxTransforms, int maxAttributes) {
    /**
     * Defaults: UDP's maximum payload; 64 payloads (strongSwan's Main Mode message 1
     * carries an SA and about ten vendor IDs); 256 transforms (peers that expand every
     * algorithm combination into IKEv1 transforms send about a hundred); 32 attributes.
     */
    public static final DecodeLimits DEFAULT = new DecodeLimits(65535, 64, 256, 32);

    public DecodeLimits {
        if (maxMessageLength < IsakmpHeader.LENGTH || maxPayloads < 1 || maxTransforms < 1 || maxAttributes < 1) {
            throw new IllegalArgumentException("limits too small");
        }
    }
}
