package io.gatewise.agent.ike.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one ISAKMP decoder. Every length and count read from the wire is checked against
 * the bytes actually present before it is used:
 * <ul>
 *   <li>the header (RFC 2408 section 5.1): version, exchange type, flags, a non-zero
 *       initiator cookie, and a length equal to the datagram;</li>
 *   <li>each generic payload header: at least 4 bytes and no further than the body
 *       ends, so a chain can neither loop (a zero length) nor overrun;</li>
 *   <li>nested structures (proposals, transforms, attributes, SPIs) against their
 *       enclosing payload, counts against what is present, and {@link DecodeLimits}
 *       against hostile but well-formed input.</li>
 * </ul>
 * Failures come back as {@link DecodeResult.Failure} with the notify type RFC 2408
 * prescribes; no unchecked exception escapes for any input.
 */
public final class IsakmpDecoder {
    private final DecodeLimits limits;

    public IsakmpDecoder() {
        this(DecodeLimits.DEFAULT);
    }

    public IsakmpDecoder(DecodeLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public DecodeLimits limits() {
        return limits;
    }

    /** Decodes and validates the header; the body is returned as is (maybe cipher text). */
    public DecodeResult<RawMessage> decodeHeader(byte[] datagram) {
        return decodeHeader(datagram, 0, datagram.length);
    }

    public DecodeResult<RawMessage> decodeHeader(byte[] datagram, int offset, int length) {
        try {
            return DecodeResult.ok(header(datagram, offset, length));
        } catch (CodecException e) {
            return DecodeResult.failure(e);
        }
    }

    /**
     * Decodes a message whose body is in clear text (E flag not set); an encrypted
     * message fails with INVALID-FLAGS, use {@link #decodeHeader} for those.
     */
    public DecodeResult<IsakmpMessage> decode(byte[] datagram) {
        try {
            RawMessage raw = header(datagram, 0, datagram.length);
            if (raw.header().isEncrypted()) {
                throw new CodecException(NotifyType.INVALID_FLAGS, "body is encrypted");
            }
            byte[] body = raw.body().toByteArray();
            return DecodeResult.ok(new IsakmpMessage(raw.header(),
                    chain(raw.header().nextPayload(), body, false)));
        } catch (CodecException e) {
            return DecodeResult.failure(e);
        }
    }

    /**
     * Decodes a payload chain: a clear body, or the plain text of an encrypted one.
     *
     * @param firstPayload the header's next-payload value
     * @param allowPadding accept bytes after the last payload (RFC 2408 section 3.1: an
     *                     encrypted body is padded to the cipher block size)
     */
    public DecodeResult<DecodedPayloads> decodePayloads(int firstPayload, byte[] body, boolean allowPadding) {
        try {
            return DecodeResult.ok(chain(firstPayload, body, allowPadding));
        } catch (CodecException e) {
            return DecodeResult.failure(e);
        }
    }

    private RawMessage header(byte[] d, int offset, int length) throws CodecException {
        if (length < IsakmpHeader.LENGTH) {
            throw new CodecException(NotifyType.PAYLOAD_MALFORMED, "datagram of " + length + " bytes has no header");
        }
        if (length > limits.maxMessageLength()) {
            throw new CodecException(NotifyType.PAYLOAD_MALFORMED,
                    "message of " + length + " bytes exceeds " + limits.maxMessageLength());
        }
        PayloadReader r = PayloadReader.over(d, offset, length);
        long icookie = r.u64("initiator cookie");
        long rcookie = r.u64("responder cookie");
        int next = r.u8("next payload");
        int version = r.u8("version");
        int exchange = r.u8("exchange type");
        int flags = r.u8("flags");
        int messageId = r.u32("message id");
        int declared = r.u32("length");
        int major = version >>> 4;
        int minor = version & 0x0f;
        if (major != 1) {
            throw new CodecException(NotifyType.INVALID_MAJOR_VERSION, "ISAKMP version " + major + "." + minor);
        }
        if (minor != 0) {
            throw new CodecException(NotifyType.INVALID_MINOR_VERSION, "ISAKMP version " + major + "." + minor);
        }
        Optional<ExchangeType> type = ExchangeType.fromValue(exchange);
        if (type.isEmpty()) {
            throw new CodecException(NotifyType.INVALID_EXCHANGE_TYPE, "exchange type " + exchange);
        }
        if ((flags & ~IsakmpHeader.KNOWN_FLAGS) != 0) {
            throw new CodecException(NotifyType.INVALID_FLAGS, "flags 0x" + Integer.toHexString(flags));
        }
        if (icookie == 0) {
            throw new CodecException(NotifyType.INVALID_COOKIE, "initiator cookie is zero");
        }
        if (declared != length) {
            throw new CodecException(NotifyType.UNEQUAL_PAYLOAD_LENGTHS,
                    "header says " + Integer.toUnsignedString(declared) + " bytes, datagram has " + length);
        }
        if ((flags & IsakmpHeader.FLAG_ENCRYPTION) != 0 && !r.hasRemaining()) {
            throw new CodecException(NotifyType.PAYLOAD_MALFORMED, "encrypted message without body");
        }
        IsakmpHeader h = new IsakmpHeader(icookie, rcookie, next, major, minor, type.get(), flags, messageId, declared);
        return new RawMessage(h, r.rest());
    }

    private DecodedPayloads chain(int firstPayload, byte[] body, boolean allowPadding) throws CodecException {
        if (body.length > limits.maxMessageLength()) {
            throw new CodecException(NotifyType.PAYLOAD_MALFORMED, "body of " + body.length + " bytes too large");
        }
        PayloadReader r = PayloadReader.over(body, 0, body.length);
        List<Payload> payloads = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        int next = firstPayload;
        while (next != PayloadType.NONE.value()) {
            if (payloads.size() == limits.maxPayloads()) {
                throw new CodecException(NotifyType.PAYLOAD_MALFORMED,
                        "more than " + limits.maxPayloads() + " payloads");
            }
            int type = next;
            offsets.add(r.position());
            if (r.remaining() < 4) {
                throw new CodecException(NotifyType.PAYLOAD_MALFORMED,
                        "payload " + name(type) + " announced but only " + r.remaining() + " bytes left");
            }
            next = r.u8("next payload");
            int reserved = r.u8("reserved");
            int len = r.u16("payload length");
            if (len < 4) {
                throw new CodecException(NotifyType.PAYLOAD_MALFORMED,
                        "payload " + name(type) + " with length " + len);
            }
            if (len - 4 > r.remaining()) {
                throw new CodecException(NotifyType.PAYLOAD_MALFORMED, "payload " + name(type) + " of " + len
                        + " bytes overruns the message (" + (r.remaining() + 4) + " left)");
            }
            payloads.add(payload(type, reserved, r.slice(len - 4, name(type))));
        }
        int chainLength = r.position();
        if (r.hasRemaining() && !allowPadding) {
            throw new CodecException(NotifyType.UNEQUAL_PAYLOAD_LENGTHS,
                    r.remaining() + " bytes after the last payload");
        }
        int[] offs = offsets.stream().mapToInt(Integer::intValue).toArray();
        byte[] chain = Arrays.copyOf(body, chainLength);
        return new DecodedPayloads(payloads, chain, offs, r.remaining());
    }

    private Payload payload(int type, int reserved, PayloadReader body) throws CodecException {
        Optional<PayloadType> known = PayloadType.fromValue(type);
        if (known.isEmpty()) {
            if ((reserved & 0x80) != 0) {
                throw new CodecException(NotifyType.INVALID_PAYLOAD_TYPE,
                        "unknown payload type " + type + " flagged critical");
            }
            return new UnknownPayload(type, body.rest());
        }
        return switch (known.get()) {
            case SECURITY_ASSOCIATION -> SaPayload.decodeBody(body, limits);
            case KEY_EXCHANGE -> KeyExchangePayload.decodeBody(body);
            case IDENTIFICATION -> IdentificationPayload.decodeBody(body);
            case CERTIFICATE -> CertificatePayload.decodeBody(body);
            case CERTIFICATE_REQUEST -> CertificateRequestPayload.decodeBody(body);
            case HASH -> HashPayload.decodeBody(body);
            case SIGNATURE -> SignaturePayload.decodeBody(body);
            case NONCE -> NoncePayload.decodeBody(body);
            case NOTIFICATION -> NotificationPayload.decodeBody(body);
            case DELETE -> DeletePayload.decodeBody(body);
            case VENDOR_ID -> VendorIdPayload.decodeBody(body);
            case NAT_D -> NatDiscoveryPayload.decodeBody(body, false);
            case NAT_D_DRAFT -> NatDiscoveryPayload.decodeBody(body, true);
            case NAT_OA -> NatOriginalAddressPayload.decodeBody(body, false);
            case NAT_OA_DRAFT -> NatOriginalAddressPayload.decodeBody(body, true);
            case FRAGMENT -> FragmentPayload.decodeBody(body);
            case NONE, PROPOSAL, TRANSFORM -> throw new CodecException(NotifyType.INVALID_PAYLOAD_TYPE,
                    known.get().shortName() + " payload outside an SA payload");
        };
    }

    private static String name(int type) {
        return PayloadType.fromValue(type).map(PayloadType::shortName).orElse("#" + type);
    }
}
