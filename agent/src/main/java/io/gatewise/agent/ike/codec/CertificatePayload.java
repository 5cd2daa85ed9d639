package io.gatewise.agent.ike.codec;

import java.util.Objects;

/**
 * The Certificate payload, RFC 2408 section 3.9.
 *
 * <pre>
 * ! Next Payload  !   RESERVED    !         Payload Length        !
 * ! Cert Encoding !                                               !
 * +-+-+-+-+-+-+-+-+                                               !
 * ~                       Certificate Data                        ~
 * </pre>
 *
 * @param encoding e.g. {@link #X509_SIGNATURE}
 */
public record CertificatePayload(int encoding, Bytes data) implements Payload {
    public static final PayloadType TYPE = PayloadType.CERTIFICATE;
    /** RFC 2408 section 3.9: X.509 Certificate - Signature. */
    public static final int X509_SIGNATURE = 4;
    public static final int CRL = 7;

    public CertificatePayload {
        Objects.requireNonNull(data, "data");
        Transform.checkOctet(encoding, "certificate encoding");
    }

    @Override
    public int typeValue() {
        return TYPE.value();
    }

    static CertificatePayload decodeBody(PayloadReader r) throws CodecException {
        int encoding = r.u8("certificate encoding");
        return new CertificatePayload(encoding, r.rest());
    }

    @Override
    public void encodeBody(PayloadWriter w) {
        w.u8(encoding).bytes(data);
    }
}
