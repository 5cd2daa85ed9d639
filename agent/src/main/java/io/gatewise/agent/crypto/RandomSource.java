package io.gatewise.agent.crypto;

import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Where IKE gets its randomness: nonces, cookies, SPIs and Diffie-Hellman private values.
 * Exchanges take a {@code RandomSource} instead of a {@code SecureRandom} so that
 * engine-vs-engine tests and known-answer tests can fix every random input (strongSwan's
 * mock_nonce_gen / mock_dh play the same role).
 */
public interface RandomSource {

    /** {@code length} fresh random bytes (cookies, SPIs, padding). */
    byte[] randomBytes(int length);

    /** A nonce of {@code length} bytes (see {@link Nonces} for the allowed lengths). */
    default byte[] nonce(int length) {
        return randomBytes(length);
    }

    /** A fresh Diffie-Hellman key pair of the group. */
    DhKeyPair newKeyPair(DhGroup group);

    /** The production source: a DRBG seeded by the operating system, thread-safe. */
    static RandomSource secure() {
        return new SecureRandomSource(strongDrbg());
    }

    /** A source over a given {@code SecureRandom}. */
    static RandomSource of(SecureRandom random) {
        return new SecureRandomSource(random);
    }

    private static SecureRandom strongDrbg() {
        try {
            // NIST SP 800-90A Hash/HMAC/CTR DRBG at 256-bit strength, reseeded from the OS.
            return SecureRandom.getInstance("DRBG",
                    DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    /** The default implementation. */
    final class SecureRandomSource implements RandomSource {
        private final SecureRandom random;

        SecureRandomSource(SecureRandom random) {
            this.random = random;
        }

        @Override
        public byte[] randomBytes(int length) {
            byte[] out = new byte[length];
            random.nextBytes(out);
            return out;
        }

        @Override
        public DhKeyPair newKeyPair(DhGroup group) {
            return group.newKeyPair(random);
        }

        @Override
        public String toString() {
            return "RandomSource[" + random.getAlgorithm() + "]";
        }
    }
}
