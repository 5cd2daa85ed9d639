package io.gatewise.agent.ipsec;

/**
 * ESP/AH integrity transforms with the IKEv1 "Authentication Algorithm" attribute values
 * (RFC 2407 section 4.5, RFC 4868), key and ICV lengths in bytes.
 */
public enum IntegrityAlgorithm {
    /** Legacy; RFC 2403. */
    HMAC_MD5_96(1, 16, 12),
    /** RFC 2404. */
    HMAC_SHA1_96(2, 20, 12),
    /** RFC 4868. */
    HMAC_SHA2_256_128(5, 32, 16),
    HMAC_SHA2_384_192(6, 48, 24),
    HMAC_SHA2_512_256(7, 64, 32);

    private final int ikev1AuthAlgorithm;
    private final int keyLength;
    private final int icvLength;

    IntegrityAlgorithm(int ikev1AuthAlgorithm, int keyLength, int icvLength) {
        this.ikev1AuthAlgorithm = ikev1AuthAlgorithm;
        this.keyLength = keyLength;
        this.icvLength = icvLength;
    }

    public int ikev1AuthAlgorithm() {
        return ikev1AuthAlgorithm;
    }

    public int keyLength() {
        return keyLength;
    }

    public int icvLength() {
        return icvLength;
    }
}
