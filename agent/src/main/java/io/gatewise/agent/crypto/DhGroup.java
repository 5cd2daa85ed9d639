package io.gatewise.agent.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * Diffie-Hellman groups for IKE, by IANA "Group Description" number (the same numbers in
 * IKEv1 attribute class 4 and IKEv2 transform type 4).
 *
 * <p>MODP groups (RFC 2409 section 6, RFC 3526): public values are big-endian and exactly
 * as long as the prime, left-padded with zeros (RFC 2409 section 5); the shared secret
 * g^xy has the same fixed length. ECP groups (RFC 5903): the public value is x | y, each
 * coordinate as long as the field, and the shared secret is the x coordinate alone
 * (RFC 5903 section 7).
 *
 * <p>Private MODP exponents are short: all these primes are safe primes, so an exponent
 * of twice the group's strength is enough (van Oorschot-Wiener). We take the larger,
 * more conservative "exponent size" of RFC 3526 section 8 (320 bits for MODP-2048
 * instead of 2047), which makes one exponentiation about six times cheaper.
 */
public enum DhGroup implements Algorithm {
    /** RFC 2409 group 1. Legacy: breakable today. */
    MODP_768(1, "MODP-768", true, ModpPrimes.MODP_768, 256),
    /** RFC 2409 group 2. Legacy: within reach of well-funded attackers. */
    MODP_1024(2, "MODP-1024", true, ModpPrimes.MODP_1024, 256),
    /** RFC 3526 group 5. */
    MODP_1536(5, "MODP-1536", false, ModpPrimes.MODP_1536, 240),
    /** RFC 3526 group 14. */
    MODP_2048(14, "MODP-2048", false, ModpPrimes.MODP_2048, 320),
    /** RFC 3526 group 15. */
    MODP_3072(15, "MODP-3072", false, ModpPrimes.MODP_3072, 420),
    /** RFC 3526 group 16. */
    MODP_4096(16, "MODP-4096", false, ModpPrimes.MODP_4096, 480),
    /** RFC 5903 group 19, NIST P-256. */
    ECP_256(19, "ECP-256", "secp256r1", 32),
    /** RFC 5903 group 20, NIST P-384. */
    ECP_384(20, "ECP-384", "secp384r1", 48);

    private final int ianaId;
    private final String plainName;
    private final boolean weak;
    /** MODP only, else null. */
    private final BigInteger prime;
    /** MODP only: bits of a freshly generated private exponent. */
    private final int exponentBits;
    /** ECP only, else null: the JCA standard curve name. */
    private final String curveName;
    /** MODP: prime length; ECP: coordinate length. In bytes. */
    private final int elementLength;

    DhGroup(int ianaId, String plainName, boolean weak, String primeHex, int exponentBits) {
        this.ianaId = ianaId;
        this.plainName = plainName;
        this.weak = weak;
        this.prime = new BigInteger(primeHex, 16);
        this.exponentBits = exponentBits;
        this.curveName = null;
        this.elementLength = (prime.bitLength() + 7) / 8;
    }

    DhGroup(int ianaId, String plainName, String curveName, int coordinateLength) {
        this.ianaId = ianaId;
        this.plainName = plainName;
        this.weak = false;
        this.prime = null;
        this.exponentBits = 0;
        this.curveName = curveName;
        this.elementLength = coordinateLength;
    }

    /** The IANA Diffie-Hellman group number (IKEv1 "Group Description", IKEv2 transform id). */
    public int ianaId() {
        return ianaId;
    }

    @Override
    public String plainName() {
        return plainName;
    }

    /** MODP groups of 1024 bits and less. */
    @Override
    public boolean isWeak() {
        return weak;
    }

    /** True for the elliptic-curve groups of RFC 5903. */
    public boolean isEcp() {
        return curveName != null;
    }

    /** Length in bytes of a public value in a KE payload. */
    public int publicValueLength() {
        return isEcp() ? 2 * elementLength : elementLength;
    }

    /** Length in bytes of the shared secret g^xy. */
    public int sharedSecretLength() {
        return elementLength;
    }

    /** The MODP prime p; empty for ECP groups. */
    public Optional<BigInteger> prime() {
        return Optional.ofNullable(prime);
    }

    /** MODP generator, 2 for every group here (RFC 2409, RFC 3526). */
    static final BigInteger GENERATOR = BigInteger.TWO;

    int exponentBits() {
        return exponentBits;
    }

    String curveName() {
        return curveName;
    }

    int elementLength() {
        return elementLength;
    }

    /** A fresh key pair with a private value drawn from {@code random}. */
    public DhKeyPair newKeyPair(SecureRandom random) {
        return isEcp() ? EcpKeyPair.generate(this, random) : ModpKeyPair.generate(this, random);
    }

    /**
     * The key pair for a given private value (big-endian, unsigned): the MODP exponent x
     * with 1 &lt; x &lt; p-1, or the ECP scalar d with 0 &lt; d &lt; n. This is for
     * known-answer tests (RFC 5903 section 8) and test doubles of {@link RandomSource};
     * production code calls {@link #newKeyPair(SecureRandom)}.
     *
     * @throws IllegalArgumentException if the value is out of range
     */
    public DhKeyPair keyPair(byte[] privateValue) {
        BigInteger value = new BigInteger(1, privateValue);
        return isEcp() ? EcpKeyPair.fromPrivate(this, value) : ModpKeyPair.fromPrivate(this, value);
    }

    /** The group for an IANA number, if we support it. */
    public static Optional<DhGroup> fromIanaId(int id) {
        for (DhGroup g : values()) {
            if (g.ianaId == id) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }
}
