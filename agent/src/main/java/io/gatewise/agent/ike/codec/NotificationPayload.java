package io.gatewise.agent.ike.codec;

import java.util.Objects;
import java.util.Optional;

/**
 * The Notification payload, RFC 2408 section 3.14.
 *
 * <pre>
 * ! Next Payload  !   RESERVED    !         Payload Length        !
 * !              Domain of Interpretation  (DOI)                  !
 * !  Protocol-ID  !   SPI Size    !      Notify Message Type      !
 * ~                Security Parameter Index (SPI)                 ~
 * ~                       Notification Data                       ~
 * </pre>
 *
 * @param messageType a {@link NotifyType} value, or any other (private) value
 * @param spi         for ISAKMP notifications usually the two cookies (16 bytes) or empty
 */
public record NotificationPayload(int doi, int protocolId, int messageType, Bytes spi, Bytes data)
        implements Payload {
    public static final PayloadType TYPE = PayloadType.NOTIFICATION;

    public NotificationPayload {
        Objects.requireNonNull(spi, "spi");
        Objects.requireNonNull(data, "data");
        Transform.checkOctet(protocolId, "protocol id");
        Transform.checkOctet(spi.length(), "SPI size");
        if (messageType < 0 || messageType > 0xffff) {
            throw new IllegalArgumentException("notify type out of range: " + messageType);
        }
    }

    /** An IPsec DOI notification. */
    public static NotificationPayload of(NotifyType type, ProtocolId protocol, Bytes spi, Bytes data) {
        return new NotificationPayload(SaPayload.DOI_IPSEC, protocol.value(), type.value(), spi, data);
    }

    public Optional<NotifyType> notifyType() {
        return NotifyType.fromValue(messageType);
    }

    /** True for a notification of type {@code type}. */
    public boolean is(NotifyType type) {
        return messageType == type.value();
    }

    @Override
    public int typeValue() {
        return TYPE.value();
    }

    static NotificationPayload decodeBody(PayloadReader r) throws CodecException {
        int doi = r.u32("notify DOI");
        int protocol = r.u8("notify protocol id");
        int spiSize = r.u8("notify SPI size");
        int type = r.u16("notify message type");
        Bytes spi = r.bytes(spiSize, "notify SPI");
        return new NotificationPayload(doi, protocol, type, spi, r.rest());
    }

    @Override
    public void encodeBody(PayloadWriter w) {
        w.u32(doi).u8(protocolId).u8(spi.length()).u16(messageType).bytes(spi).bytes(data);
    }

    @Override
    public String toString() {
        return "N[" + notifyType().map(NotifyType::rfcName).orElse(Integer.toString(messageType))
                + " proto=" + protocolId + " spi=" + spi + " data=" + data + "]";
    }
}
