package io.gatewise.agent.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * MODP Diffie-Hellman with plain {@code BigInteger.modPow}: measured as fast as the JCE
 * "DH" KeyAgreement for MODP-2048 (both end in the same modPow), without key-object
 * conversions, and with full control over the fixed-length encoding IKE needs.
 */
final class ModpKeyPair extends DhKeyPair {

    private BigInteger privateExponent;

    private ModpKeyPair(DhGroup group, BigInteger privateExponent) {
        super(group, toFixedLength(DhGroup.GENERATOR.modPow(privateExponent, prime(group)),
                group.publicValueLength()));
        this.privateExponent = privateExponent;
    }

    static ModpKeyPair generate(DhGroup group, SecureRandom random) {
        // Exactly exponentBits long: the top bit set, the others random.
        int bits = group.exponentBits();
        return new ModpKeyPair(group, new BigInteger(bits - 1, random).setBit(bits - 1));
    }

    static ModpKeyPair fromPrivate(DhGroup group, BigInteger x) {
        BigInteger p = prime(group);
        if (x.compareTo(BigInteger.ONE) <= 0 || x.compareTo(p.subtract(BigInteger.ONE)) >= 0) {
            throw new IllegalArgumentException("private exponent out of range for " + group);
        }
        return new ModpKeyPair(group, x);
    }

    @Override
    byte[] computeSharedSecret(byte[] peerPublicValue) throws InvalidPublicValueException {
        BigInteger p = prime(group());
        BigInteger y = new BigInteger(1, peerPublicValue);
        // 1 and p-1 generate subgroups of order 1 and 2 and would force a known secret.
        if (y.compareTo(BigInteger.ONE) <= 0 || y.compareTo(p.subtract(BigInteger.ONE)) >= 0) {
            throw new InvalidPublicValueException(group(), "not in range 1 < y < p-1");
        }
        return toFixedLength(y.modPow(privateExponent, p), group().sharedSecretLength());
    }

    @Override
    void forgetPrivate() {
        privateExponent = null;
    }

    private static BigInteger prime(DhGroup group) {
        return group.prime().orElseThrow();
    }
}
