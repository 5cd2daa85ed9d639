package io.gatewise.server.system;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets at rest (the CA private key, pre-shared keys) with AES-256-GCM under the
 * installation's master key.
 *
 * <pre>
 *  sealed = version (1 byte, 0x01) | nonce (12 bytes, random) | ciphertext | tag (16 bytes)
 * </pre>
 *
 * Each value is sealed for a <em>context</em> (e.g. {@code "ca-key:<id>"} or
 * {@code "psk:<gateway>:<tunnel>"}), passed as GCM additional authenticated data: a sealed
 * value copied to another row does not open there. Random 96-bit nonces are safe for far
 * more than the number of secrets one installation seals (NIST SP 800-38D section 8.3).
 */
public final class SecretBox {
    private static final byte FORMAT_V1 = 1;
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;
    public static final int KEY_LENGTH = 32;

    private final SecretKey key;
    private final SecureRandom random;

    public SecretBox(byte[] key, SecureRandom random) {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("master key must be 32 bytes, got " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
        this.random = random;
    }

    public byte[] seal(byte[] plaintext, String context) {
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(1 + NONCE_LENGTH + sealed.length)
                    .put(FORMAT_V1).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    public byte[] sealString(String plaintext, String context) {
        return seal(plaintext.getBytes(StandardCharsets.UTF_8), context);
    }

    /**
     * @throws SecretBoxException when the value was sealed under another master key or
     *                            for another context, or was altered
     */
    public byte[] open(byte[] sealed, String context) {
        if (sealed.length < 1 + NONCE_LENGTH + TAG_BITS / 8 || sealed[0] != FORMAT_V1) {
            throw new SecretBoxException("sealed value is truncated or of an unknown format");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_LENGTH));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, 1 + NONCE_LENGTH, sealed.length - 1 - NONCE_LENGTH);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new SecretBoxException("cannot open sealed value for " + context
                    + ": wrong master key, or the value was altered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    public String openString(byte[] sealed, String context) {
        return new String(open(sealed, context), StandardCharsets.UTF_8);
    }

    /**
     * A 32-byte key for one purpose, derived from the master key (HMAC-SHA256 of the
     * master key over "gatewise-derive:" + purpose, an HKDF-Expand single block, RFC 5869
     * section 2.3), so that e.g. audit checkpoints are signed without the master key
     * itself being used for two things.
     */
    public byte[] deriveKey(String purpose) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            mac.update(("gatewise-derive:" + purpose).getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(new byte[] {1});
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "SecretBox[AES-256-GCM]";
    }
}
