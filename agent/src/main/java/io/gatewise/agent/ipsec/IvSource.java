package io.gatewise.agent.ipsec;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/** Supplies the explicit IV of a CBC packet. */
@FunctionalInterface
public interface IvSource {
    void nextIv(long seq, byte[] dst, int off, int len);

    /**
     * CBC IVs must be unpredictable (RFC 3602 section 2.2). Encrypting the unique sequence
     * number with a random, never exported AES key gives that without a random number
     * generator call per packet (the "encrypted counter" scheme Linux calls echainiv/seqiv).
     * Not thread-safe: one per transform.
     */
    static IvSource encryptedCounter() {
        return new IvSource() {
            private final Cipher ecb;
            private final byte[] block = new byte[16];
            private final byte[] out = new byte[16];

            {
                byte[] key = new byte[16];
                new SecureRandom().nextBytes(key);
                try {
                    ecb = Cipher.getInstance("AES/ECB/NoPadding");
                    ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("AES unavailable", e);
                }
                java.util.Arrays.fill(key, (byte) 0);
            }

            @Override
            public void nextIv(long seq, byte[] dst, int off, int len) {
                EspTransform.putLong(block, 8, seq);
                try {
                    ecb.doFinal(block, 0, 16, out, 0);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
                System.arraycopy(out, 0, dst, off, len);
            }
        };
    }

    /** Only for known-answer tests: always the same IV. */
    static IvSource fixed(byte[] iv) {
        byte[] copy = iv.clone();
        return (seq, dst, off, len) -> System.arraycopy(copy, 0, dst, off, len);
    }
}
