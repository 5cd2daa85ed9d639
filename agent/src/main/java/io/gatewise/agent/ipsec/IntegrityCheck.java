package io.gatewise.agent.ipsec;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * A truncated HMAC as used for ESP and AH ICVs (RFC 2404 HMAC-SHA1-96, RFC 4868
 * HMAC-SHA2-256-128/384-192/512-256). One reused {@link Mac} per instance; not thread-safe.
 */
public final class IntegrityCheck {
    private final Mac mac;
    private final int icvLength;
    private final byte[] full;

    public IntegrityCheck(IntegrityAlgorithm algorithm, byte[] key) {
        if (key == null || key.length != algorithm.keyLength()) {
            throw new IllegalArgumentException(algorithm + " needs a " + algorithm.keyLength() + "-byte key");
        }
        String name = switch (algorithm) {
            case HMAC_MD5_96 -> "HmacMD5";
            case HMAC_SHA1_96 -> "HmacSHA1";
            case HMAC_SHA2_256_128 -> "HmacSHA256";
            case HMAC_SHA2_384_192 -> "HmacSHA384";
            case HMAC_SHA2_512_256 -> "HmacSHA512";
        };
        try {
            this.mac = Mac.getInstance(name);
            mac.init(new SecretKeySpec(key, name));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JCE lacks " + name, e);
        }
        this.icvLength = algorithm.icvLength();
        this.full = new byte[mac.getMacLength()];
    }

    public int icvLength() {
        return icvLength;
    }

    public void update(byte[] b, int off, int len) {
        mac.update(b, off, len);
    }

    public void update(byte b) {
        mac.update(b);
    }

    /** Finishes the MAC and writes the truncated ICV to {@code out[off]}. */
    public void finish(byte[] out, int off) {
        finishFull();
        System.arraycopy(full, 0, out, off, icvLength);
    }

    /** Finishes the MAC and compares it in constant time with {@code expected[off]}. */
    public boolean finishAndVerify(byte[] expected, int off) {
        finishFull();
        return EspTransform.constantTimeEquals(full, 0, expected, off, icvLength);
    }

    private void finishFull() {
        try {
            mac.doFinal(full, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
