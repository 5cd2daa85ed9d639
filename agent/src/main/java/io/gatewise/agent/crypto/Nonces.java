package io.gatewise.agent.crypto;

/**
 * Nonce length rules. IKEv1: "The length of nonce payload MUST be between 8 and 256
 * bytes inclusive" (RFC 2409 section 5). IKEv2: at least 16 bytes and at least half the
 * PRF key size (RFC 7296 section 2.10). We always send 32 bytes, enough for every PRF here.
 */
public final class Nonces {

    public static final int IKEV1_MIN_LENGTH = 8;
    public static final int IKEV2_MIN_LENGTH = 16;
    public static final int MAX_LENGTH = 256;
    /** What we send: 256 bits. */
    public static final int DEFAULT_LENGTH = 32;

    private Nonces() {
    }

    /** Whether a peer's IKEv1 nonce has an acceptable length. */
    public static boolean isValidIkev1Length(int length) {
        return length >= IKEV1_MIN_LENGTH && length <= MAX_LENGTH;
    }

    /** Whether a peer's IKEv2 nonce has an acceptable length for the negotiated PRF. */
    public static boolean isValidIkev2Length(int length, PrfAlgorithm prf) {
        return length >= Math.max(IKEV2_MIN_LENGTH, prf.outputLength() / 2) && length <= MAX_LENGTH;
    }

    /** A fresh nonce of {@link #DEFAULT_LENGTH} bytes. */
    public static byte[] generate(RandomSource random) {
        return random.nonce(DEFAULT_LENGTH);
    }
}
