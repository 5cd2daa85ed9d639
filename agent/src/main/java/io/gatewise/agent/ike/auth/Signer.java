package io.gatewise.agent.ike.auth;

import io.gatewise.agent.crypto.Bytes;
import java.io.IOException;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.function.Supplier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.signers.DSAKCalculator;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.util.PrivateKeyFactory;

/**
 * Makes the SIG payload of Main Mode message 5/6 or Aggressive Mode message 2/3: the
 * signature of HASH_I or HASH_R with our private key (RFC 2409 section 5.1), in the
 * encoding of {@link SignatureScheme}.
 *
 * <p>RSA uses blinding and checks its own result with the public exponent before
 * returning it (a faulty CRT computation would otherwise leak the key). ECDSA takes its
 * per-signature secret k from RFC 6979 (deterministic, so no weak random number
 * generator can leak the key), with the SHA-2 of the curve's strength as the HMAC.
 *
 * <p>Thread-safe; holds the key and never prints it.
 */
public final class Signer {

    private final SignatureScheme scheme;
    private final AsymmetricKeyParameter key;
    private final Supplier<DSAKCalculator> kCalculator;
    private final SecureRandom random;

    private Signer(SignatureScheme scheme, AsymmetricKeyParameter key, Supplier<DSAKCalculator> kCalculator) {
        this.scheme = scheme;
        this.key = key;
        this.kCalculator = kCalculator;
        this.random = new SecureRandom();
    }

    /**
     * A signer for an RSA or EC (P-256/384/521) private key.
     *
     * @throws IllegalArgumentException for other keys, with a plain-words reason
     */
    public static Signer forKey(PrivateKey privateKey) {
        SignatureScheme scheme = SignatureScheme.forKey(privateKey);
        AsymmetricKeyParameter key = lightweightKey(privateKey);
        if (scheme == SignatureScheme.RSA && !(key instanceof RSAPrivateCrtKeyParameters)) {
            throw new IllegalArgumentException("RSA private key without CRT parameters is not supported");
        }
        return new Signer(scheme, key, () -> new HMacDSAKCalculator(rfc6979Digest(scheme)));
    }

    /** For known-answer tests: ECDSA with a given source of k. */
    static Signer forKey(PrivateKey privateKey, Supplier<DSAKCalculator> kCalculator) {
        SignatureScheme scheme = SignatureScheme.forKey(privateKey);
        return new Signer(scheme, lightweightKey(privateKey), Objects.requireNonNull(kCalculator));
    }

    public SignatureScheme scheme() {
        return scheme;
    }

    /**
     * The SIG payload data for {@code hash} (HASH_I or HASH_R, as the negotiated PRF made it).
     */
    public byte[] sign(byte[] hash) {
        Objects.requireNonNull(hash, "hash");
        return scheme == SignatureScheme.RSA ? signRsa(hash) : signEcdsa(hash);
    }

    private byte[] signRsa(byte[] hash) {
        RSAPrivateCrtKeyParameters rsa = (RSAPrivateCrtKeyParameters) key;
        int k = (rsa.getModulus().bitLength() + 7) / 8;
        byte[] em = RawPkcs1Encoding.encode(hash, k);
        RSABlindedEngine engine = new RSABlindedEngine();
        engine.init(true, new ParametersWithRandom(rsa, random));
        byte[] signature = leftPad(engine.processBlock(em, 0, em.length), k);
        // Fault check: s^e mod n must give the block back.
        BigInteger check = new BigInteger(1, signature).modPow(rsa.getPublicExponent(), rsa.getModulus());
        boolean ok = Bytes.constantTimeEquals(leftPad(toUnsigned(check), k), em);
        Bytes.wipe(em);
        if (!ok) {
            throw new IllegalStateException("RSA signature failed its own check (hardware or library fault)");
        }
        return signature;
    }

    private byte[] signEcdsa(byte[] hash) {
        ECDSASigner signer = new ECDSASigner(kCalculator.get());
        signer.init(true, key);
        BigInteger[] rs = signer.generateSignature(hash);
        int n = scheme.fieldLength();
        byte[] out = new byte[2 * n];
        System.arraycopy(leftPad(toUnsigned(rs[0]), n), 0, out, 0, n);
        System.arraycopy(leftPad(toUnsigned(rs[1]), n), 0, out, n, n);
        return out;
    }

    /** Names the scheme only. */
    @Override
    public String toString() {
        return "Signer[" + scheme.plainName() + "]";
    }

    private static AsymmetricKeyParameter lightweightKey(PrivateKey privateKey) {
        try {
            return PrivateKeyFactory.createKey(PrivateKeyInfo.getInstance(privateKey.getEncoded()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("private key cannot be used: " + e.getClass().getSimpleName());
        }
    }

    private static Digest rfc6979Digest(SignatureScheme scheme) {
        return switch (scheme) {
            case ECDSA_384 -> new SHA384Digest();
            case ECDSA_521 -> new SHA512Digest();
            default -> new SHA256Digest();
        };
    }

    /** Big-endian magnitude without a sign byte. */
    static byte[] toUnsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            return Bytes.slice(bytes, 1, bytes.length - 1);
        }
        return bytes;
    }

    /** {@code bytes} left-padded with zeros to {@code length}. */
    static byte[] leftPad(byte[] bytes, int length) {
        if (bytes.length == length) {
            return bytes;
        }
        if (bytes.length > length) {
            throw new IllegalArgumentException("value longer than " + length + " bytes");
        }
        byte[] out = new byte[length];
        System.arraycopy(bytes, 0, out, length - bytes.length, bytes.length);
        return out;
    }
}
