package io.gatewise.agent.ike.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * The Delete payload, RFC 2408 section 3.15.
 *
 * <pre>
 * ! Next Payload  !   RESERVED    !         Payload Length        !
 * !              Domain of Interpretation  (DOI)                  !
 * !  Protocol-Id  !   SPI Size    !           # of SPIs           !
 * ~               Security Parameter Index(es) (SPI)              ~
 * </pre>
 *
 * For ISAKMP SAs the "SPI" is the cookie pair (16 bytes); for ESP/AH it is 4 bytes.
 */
public record DeletePayload(int doi, int protocolId, int spiSize, List<Bytes> spis) implements Payload {
    public static final PayloadType TYPE = PayloadType.DELETE;

    public DeletePayload {
        spis = List.copyOf(spis);
        Transform.checkOctet(protocolId, "protocol id");
        Transform.checkOctet(spiSize, "SPI size");
        if (spiSize == 0 || spis.isEmpty() || spis.size() > 0xffff) {
            throw new IllegalArgumentException("delete needs 1..65535 SPIs of non-zero size");
        }
        for (Bytes spi : spis) {
            if (spi.length() != spiSize) {
                throw new IllegalArgumentException("SPI of " + spi.length() + " bytes, expected " + spiSize);
            }
        }
    }

    public static DeletePayload of(ProtocolId protocol, List<Bytes> spis) {
        return new DeletePayload(SaPayload.DOI_IPSEC, protocol.value(), spis.get(0).length(), spis);
    }

    @Override
    public int typeValue() {
        return TYPE.value();
    }

    static DeletePayload decodeBody(PayloadReader r) throws CodecException {
        int doi = r.u32("delete DOI");
        int protocol = r.u8("delete protocol id");
        int spiSize = r.u8("delete SPI size");
        int count = r.u16("delete SPI count");
        if (spiSize == 0 || count == 0) {
            throw new CodecException(NotifyType.PAYLOAD_MALFORMED,
                    "delete with SPI size " + spiSize + " and " + count + " SPIs");
        }
        if ((long) spiSize * count != r.remaining()) {
            throw new CodecException(NotifyType.PAYLOAD_MALFORMED,
                    count + " SPIs of " + spiSize + " bytes announced, " + r.remaining() + " bytes present");
        }
        List<Bytes> spis = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            spis.add(r.bytes(spiSize, "delete SPI"));
        }
        return new DeletePayload(doi, protocol, spiSize, spis);
    }

    @Override
    public void encodeBody(PayloadWriter w) {
        w.u32(doi).u8(protocolId).u8(spiSize).u16(spis.size());
        for (Bytes spi : spis) {
            w.bytes(spi);
        }
    }
}
