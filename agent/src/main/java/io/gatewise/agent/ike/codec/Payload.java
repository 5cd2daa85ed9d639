package io.gatewise.agent.ike.codec;

/**
 * One top-level ISAKMP payload. Every payload follows the generic payload header of RFC
 * 2408 section 3.2, which the decoder and encoder handle; implementations see only the
 * body after it.
 *
 * <pre>
 * ! Next Payload  !   RESERVED    !         Payload Length        !
 * </pre>
 */
public sealed interface Payload permits SaPayload, KeyExchangePayload, IdentificationPayload, CertificatePayload,
        CertificateRequestPayload, HashPayload, SignaturePayload, NoncePayload, NotificationPayload, DeletePayload,
        VendorIdPayload, NatDiscoveryPayload, NatOriginalAddressPayload, FragmentPayload, UnknownPayload {

    /** The wire value of this payload's type (the previous payload's next-payload field). */
    int typeValue();

    /** Writes the body, without the generic header. */
    void encodeBody(PayloadWriter w);
}
