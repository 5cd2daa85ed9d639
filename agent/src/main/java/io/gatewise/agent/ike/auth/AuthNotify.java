package io.gatewise.agent.ike.auth;

/**
 * The RFC 2408 section 3.14.1 notify message types an authentication failure maps to,
 * with their numbers and RFC names. Independent of the codec's notify registry; the
 * exchange code maps {@link #value()} onto the Notification payload it sends.
 *
 * <p>Which failure sends which type follows RFC 2408 section 5 (the processing rules of the
 * certificate, certificate request and signature payloads); see {@link AuthFailure.Kind}.
 * Note the numbers: INVALID-CERTIFICATE is 20, INVALID-CERT-AUTHORITY 22 and
 * INVALID-SIGNATURE 25 (17 is INVALID-KEY-INFORMATION), as in strongSwan's
 * {@code notify_payload.h}.
 */
public enum AuthNotify {
    /** The ID payload names something the certificate does not (RFC 4945 section 3.1). */
    INVALID_ID_INFORMATION(18, "INVALID-ID-INFORMATION"),
    /** The CERT payload data cannot be decoded. */
    INVALID_CERT_ENCODING(19, "INVALID-CERT-ENCODING"),
    /** Decoded, but unacceptable: dates, signature, key usage, constraints, weak key. */
    INVALID_CERTIFICATE(20, "INVALID-CERTIFICATE"),
    /** A certificate encoding other than X.509 signature (4). */
    CERT_TYPE_UNSUPPORTED(21, "CERT-TYPE-UNSUPPORTED"),
    /** The chain does not lead to a CA we trust. */
    INVALID_CERT_AUTHORITY(22, "INVALID-CERT-AUTHORITY"),
    /** The negotiated method does not fit the peer's key. */
    AUTHENTICATION_FAILED(24, "AUTHENTICATION-FAILED"),
    /** The SIG payload does not verify. */
    INVALID_SIGNATURE(25, "INVALID-SIGNATURE"),
    /** The peer sent no certificate and we have none for it. */
    CERTIFICATE_UNAVAILABLE(28, "CERTIFICATE-UNAVAILABLE");

    private final int value;
    private final String rfcName;

    AuthNotify(int value, String rfcName) {
        this.value = value;
        this.rfcName = rfcName;
    }

    /** The Notify Message Type value. */
    public int value() {
        return value;
    }

    /** The name RFC 2408 gives it, e.g. "INVALID-CERT-AUTHORITY". */
    public String rfcName() {
        return rfcName;
    }
}
