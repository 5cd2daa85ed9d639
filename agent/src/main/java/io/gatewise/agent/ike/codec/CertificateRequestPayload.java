package io.gatewise.agent.ike.codec;

import java.util.Objects;

/**
 * The Certificate Request payload, RFC 2408 section 3.10.
 *
 * <pre>
 * ! Next Payload  !   RESERVED    !         Payload Length        !
 * !  Cert. Type   !                                               !
 * +-+-+-+-+-+-+-+-+                                               !
 * ~                    Certificate Authority                      ~
 * </pre>
 *
 * @param authority DER distinguished name of an acceptable CA; may be empty ("any")
 */
public record CertificateRequestPayload(int certificateType, Bytes authority) implements Payload {
    public static final PayloadType TYPE = PayloadType.CERTIFICATE_REQUEST;

    public CertificateRequestPayload {
        Objects.requireNonNull(authority, "authority");
        Transform.checkOctet(certificateType, "certificate type");
    }

    @Override
    public int typeValue() {
        return TYPE.value();
    }

    static CertificateRequestPayload decodeBody(PayloadReader r) throws CodecException {
        int type = r.u8("certificate type");
        return new CertificateRequestPayload(type, r.rest());
    }

    @Override
    public void encodeBody(PayloadWriter w) {
        w.u8(certificateType).bytes(authority);
    }
}
