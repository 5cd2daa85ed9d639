package io.gatewise.agent.ike.auth;

import java.util.Arrays;
import java.util.Objects;

/**
 * The content of one CERT payload (RFC 2408 section 3.9): the Certificate Encoding and
 * the certificate data, as the codec decoded them.
 *
 * <pre>
 *  ! Next Payload  !   RESERVED    !         Payload Length        !
 *  ! Cert Encoding !                                               !
 *  +-+-+-+-+-+-+-+-+                                               !
 *  ~                       Certificate Data                        ~
 * </pre>
 */
public final class EncodedCertificate {

    /** Certificate Encoding "X.509 Certificate - Signature" (RFC 2408 section 3.9), the only one IKE uses in practice. */
    public static final int X509_SIGNATURE = 4;

    private final int encoding;
    private final byte[] data;

    public EncodedCertificate(int encoding, byte[] data) {
        this.encoding = encoding;
        this.data = Objects.requireNonNull(data, "data").clone();
    }

    /** An X.509 certificate in DER, as we send our own. */
    public static EncodedCertificate x509(byte[] der) {
        return new EncodedCertificate(X509_SIGNATURE, der);
    }

    public int encoding() {
        return encoding;
    }

    /** A copy of the certificate data. */
    public byte[] data() {
        return data.clone();
    }

    int length() {
        return data.length;
    }

    byte[] dataNoCopy() {
        return data;
    }

    /** The RFC 2408 name of an encoding value, for messages. */
    static String encodingName(int encoding) {
        return switch (encoding) {
            case 1 -> "PKCS #7 wrapped X.509 (1)";
            case 2 -> "PGP (2)";
            case 3 -> "DNS signed key (3)";
            case 4 -> "X.509 signature (4)";
            case 5 -> "X.509 key exchange (5)";
            case 6 -> "Kerberos tokens (6)";
            case 7 -> "CRL (7)";
            case 8 -> "ARL (8)";
            case 9 -> "SPKI (9)";
            case 10 -> "X.509 attribute (10)";
            case 12 -> "hash and URL of X.509 (12)";
            default -> "encoding " + encoding;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncodedCertificate other && encoding == other.encoding && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * encoding + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "EncodedCertificate[" + encodingName(encoding) + ", " + data.length + " bytes]";
    }
}
