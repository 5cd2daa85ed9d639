package io.gatewise.agent.ipsec;

/**
 * ESP encryption transforms with their IKEv1 IPsec DOI transform ids (RFC 2407 section
 * 4.4.4, IANA "IPsec ESP Transform Identifiers") and key sizes in bytes, salt included.
 */
public enum EncryptionAlgorithm {
    /** Legacy; allowed only with an explicit acknowledgement. */
    TRIPLE_DES_CBC(3, 24, 0, 8),
    AES_CBC_128(12, 16, 0, 16),
    AES_CBC_192(12, 24, 0, 16),
    AES_CBC_256(12, 32, 0, 16),
    /** RFC 4106 with a 16-byte ICV; the key carries a 4-byte salt. */
    AES_GCM_16_128(20, 16 + 4, 4, 16),
    AES_GCM_16_256(20, 32 + 4, 4, 16),
    /** RFC 2410: no confidentiality. Only when explicitly enabled. */
    NULL(11, 0, 0, 1);

    private final int ikev1TransformId;
    private final int keyLength;
    private final int saltLength;
    private final int blockSize;

    EncryptionAlgorithm(int ikev1TransformId, int keyLength, int saltLength, int blockSize) {
        this.ikev1TransformId = ikev1TransformId;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.blockSize = blockSize;
    }

    public int ikev1TransformId() {
        return ikev1TransformId;
    }

    /** Total keying material in bytes, salt included. */
    public int keyLength() {
        return keyLength;
    }

    public int saltLength() {
        return saltLength;
    }

    public int blockSize() {
        return blockSize;
    }

    /** True for combined-mode (AEAD) ciphers that need no separate integrity transform. */
    public boolean isAead() {
        return this == AES_GCM_16_128 || this == AES_GCM_16_256;
    }
}
