package io.gatewise.agent.crypto;

import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Block ciphers in CBC mode that protect IKE messages themselves (IKEv1 Phase 1 and
 * Phase 2 messages, IKEv2 SK payloads). ESP's ciphers are
 * {@code io.gatewise.agent.ipsec.EncryptionAlgorithm}.
 *
 * <p>Encryption and decryption take an explicit IV and never pad: IKEv1 pads the
 * plaintext itself (RFC 2409 Appendix B, RFC 2408 section 3.5) and chains IVs across
 * messages, so the caller owns both. The SunJCE provider is used because it is
 * intrinsified for AES on this platform.
 *
 * <p>IKEv1 ids are the Phase 1 "Encryption Algorithm" attribute values of RFC 2409
 * Appendix A (AES: 7, RFC 3602 section 5.1, with the Key Length attribute); IKEv2 ids are
 * transform type 1 (RFC 7296 section 3.3.2).
 */
public enum IkeCipher implements Algorithm {
    AES_CBC_128(7, 12, "AES-128", "AES", 16, 16, true, false),
    AES_CBC_192(7, 12, "AES-192", "AES", 24, 16, true, false),
    AES_CBC_256(7, 12, "AES-256", "AES", 32, 16, true, false),
    /** Legacy: 64-bit blocks (Sweet32), 112-bit effective strength. */
    TRIPLE_DES_CBC(5, 3, "3DES", "DESede", 24, 8, false, true),
    /** Explicitly unsafe legacy: a 56-bit key is brute-forced in hours. Never a default. */
    DES_CBC(1, 2, "DES", "DES", 8, 8, false, true);

    private final int ikev1Id;
    private final int ikev2TransformId;
    private final String plainName;
    private final String jcaAlgorithm;
    private final int keyLength;
    private final int blockSize;
    private final boolean variableKeyLength;
    private final boolean weak;
    /**
     * One CBC cipher per thread: {@code Cipher.getInstance} is a provider lookup and object
     * setup per call, two per encrypted IKE message. Every use initialises it with its own
     * key and IV, so nothing carries over between messages or SAs.
     */
    private final ThreadLocal<Cipher> ciphers;

    IkeCipher(int ikev1Id, int ikev2TransformId, String plainName, String jcaAlgorithm, int keyLength,
            int blockSize, boolean variableKeyLength, boolean weak) {
        this.ikev1Id = ikev1Id;
        this.ikev2TransformId = ikev2TransformId;
        this.plainName = plainName;
        this.jcaAlgorithm = jcaAlgorithm;
        this.keyLength = keyLength;
        this.blockSize = blockSize;
        this.variableKeyLength = variableKeyLength;
        this.weak = weak;
        this.ciphers = ThreadLocal.withInitial(() -> {
            try {
                return Cipher.getInstance(jcaAlgorithm + "/CBC/NoPadding");
            } catch (GeneralSecurityException e) {
                // SunJCE ships all three ciphers
                throw new IllegalStateException(plainName + " unavailable", e);
            }
        });
    }

    /** IKEv1 Phase 1 "Encryption Algorithm" attribute value (class 1). */
    public int ikev1Id() {
        return ikev1Id;
    }

    /** IKEv2 transform type 1 id. */
    public int ikev2TransformId() {
        return ikev2TransformId;
    }

    /**
     * The "Key Length" attribute in bits (IKEv1 class 14, IKEv2 attribute 14) that must
     * accompany this cipher, or 0 for fixed-key-length ciphers that send none.
     */
    public int keyLengthAttribute() {
        return variableKeyLength ? keyLength * 8 : 0;
    }

    /** Key length in bytes (3DES: 24, keying options 1 of RFC 2451). */
    public int keyLength() {
        return keyLength;
    }

    /** Cipher block size in bytes; also the IV length. */
    public int blockSize() {
        return blockSize;
    }

    @Override
    public String plainName() {
        return plainName;
    }

    /** 3DES and DES. */
    @Override
    public boolean isWeak() {
        return weak;
    }

    /**
     * CBC-encrypts {@code plaintext}, whose length must be a multiple of the block size.
     *
     * @throws IllegalArgumentException for a wrong key or IV length or unpadded plaintext:
     *     our own data, so a programming error
     */
    public byte[] encrypt(byte[] key, byte[] iv, byte[] plaintext) {
        requireAligned(plaintext.length, "plaintext");
        return run(Cipher.ENCRYPT_MODE, key, iv, plaintext);
    }

    /**
     * CBC-decrypts {@code ciphertext}. The result still carries the sender's padding.
     *
     * @throws InvalidCiphertextException if the ciphertext is empty or not block aligned
     * @throws IllegalArgumentException for a wrong key or IV length
     */
    public byte[] decrypt(byte[] key, byte[] iv, byte[] ciphertext) throws InvalidCiphertextException {
        if (ciphertext.length == 0 || ciphertext.length % blockSize != 0) {
            throw new InvalidCiphertextException(plainName + " ciphertext of " + ciphertext.length
                    + " bytes is not a positive multiple of the " + blockSize + "-byte block");
        }
        return run(Cipher.DECRYPT_MODE, key, iv, ciphertext);
    }

    private void requireAligned(int length, String what) {
        if (length % blockSize != 0) {
            throw new IllegalArgumentException(what + " of " + length + " bytes not a multiple of "
                    + blockSize + " (the IKE layer pads)");
        }
    }

    private byte[] run(int mode, byte[] key, byte[] iv, byte[] input) {
        if (key.length != keyLength) {
            throw new IllegalArgumentException(plainName + " needs a " + keyLength + "-byte key, got "
                    + key.length);
        }
        if (iv.length != blockSize) {
            throw new IllegalArgumentException(plainName + " needs a " + blockSize + "-byte IV, got "
                    + iv.length);
        }
        try {
            Cipher cipher = ciphers.get();
            cipher.init(mode, new SecretKeySpec(key, jcaAlgorithm), new IvParameterSpec(iv));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            // Lengths are checked above and SunJCE ships all three ciphers.
            throw new IllegalStateException(plainName + " unavailable", e);
        }
    }

    /**
     * The cipher for an IKEv1 "Encryption Algorithm" value and "Key Length" attribute in
     * bits (0 when absent). AES requires the key length (RFC 3602 section 5.3); DES and
     * 3DES must not carry one.
     */
    public static Optional<IkeCipher> fromIkev1(int encryptionAlgorithm, int keyLengthBits) {
        for (IkeCipher c : values()) {
            if (c.ikev1Id == encryptionAlgorithm && c.keyLengthAttribute() == keyLengthBits) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
