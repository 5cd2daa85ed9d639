package io.gatewise.agent.ike.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Proposal payload, RFC 2408 section 3.5; only ever nested in an {@link SaPayload}.
 * Proposals sharing a number form one logical proposal (e.g. AH and ESP together,
 * RFC 2408 section 4.2); the transforms of one proposal are alternatives.
 *
 * <pre>
 * ! Next Payload  !   RESERVED    !         Payload Length        !
 * !  Proposal #   !  Protocol-Id  !    SPI Size   !# of Transforms!
 * !                        SPI (variable)                         !
 * ~                        &lt;Transforms&gt;                           ~
 * </pre>
 *
 * @param protocolId a {@link ProtocolId} value
 * @param spi        empty for ISAKMP in phase 1, 4 bytes for ESP/AH, 2 for IPCOMP
 */
public record Proposal(int number, int protocolId, Bytes spi, List<Transform> transforms) {

    public Proposal {
        Objects.requireNonNull(spi, "spi");
        transforms = List.copyOf(transforms);
        Transform.checkOctet(number, "proposal number");
        Transform.checkOctet(protocolId, "protocol id");
        Transform.checkOctet(spi.length(), "SPI size");
        Transform.checkOctet(transforms.size(), "transform count");
    }

    /** Decodes the proposal body (after its generic header); {@code budget[0]} counts transforms left. */
    static Proposal decodeBody(PayloadReader r, DecodeLimits limits, int[] budget) throws CodecException {
        int number = r.u8("proposal number");
        int protocol = r.u8("protocol id");
        int spiSize = r.u8("SPI size");
        int count = r.u8("transform count");
        Bytes spi = r.bytes(spiSize, "SPI");
        if (count == 0) {
            throw new CodecException(NotifyType.BAD_PROPOSAL_SYNTAX, "proposal " + number + " has no transform");
        }
        List<Transform> transforms = new ArrayList<>(count);
        int next = PayloadType.TRANSFORM.value();
        while (r.hasRemaining()) {
            if (next != PayloadType.TRANSFORM.value()) {
                throw new CodecException(NotifyType.BAD_PROPOSAL_SYNTAX, "data after the last transform");
            }
            if (--budget[0] < 0) {
                throw new CodecException(NotifyType.BAD_PROPOSAL_SYNTAX,
                        "more than " + limits.maxTransforms() + " transforms in an SA payload");
            }
            next = r.u8("transform next payload");
            r.skip(1, "transform reserved");
            int len = r.u16("transform length");
            if (len < 8) {
                throw new CodecException(NotifyType.BAD_PROPOSAL_SYNTAX, "transform length " + len + " < 8");
            }
            transforms.add(Transform.decodeBody(r.slice(len - 4, "transform"), limits));
        }
        if (next != PayloadType.NONE.value()) {
            throw new CodecException(NotifyType.BAD_PROPOSAL_SYNTAX, "transform chain not terminated");
        }
        if (transforms.size() != count) {
            throw new CodecException(NotifyType.BAD_PROPOSAL_SYNTAX,
                    "proposal " + number + " announces " + count + " transforms but carries " + transforms.size());
        }
        return new Proposal(number, protocol, spi, transforms);
    }

    void encodeBody(PayloadWriter w) {
        w.u8(number).u8(protocolId).u8(spi.length()).u8(transforms.size()).bytes(spi);
        for (int i = 0; i < transforms.size(); i++) {
            int start = w.size();
            w.u8(i + 1 < transforms.size() ? PayloadType.TRANSFORM.value() : 0).u8(0).u16(0);
            transforms.get(i).encodeBody(w);
            w.patchU16(start + 2, w.size() - start);
        }
    }
}
