package io.gatewise.agent.ike.auth;

import io.gatewise.agent.crypto.Bytes;
import java.io.IOException;
import java.math.BigInteger;
import java.security.PublicKey;
import java.util.Objects;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * Checks the peer's SIG payload over HASH_I / HASH_R (RFC 2409 section 5.1) with the
 * public key of its certificate, in the encoding of {@link SignatureScheme}.
 *
 * <p>{@link #verify} never throws for bad signature bytes: any length, any value, is
 * either a valid signature or {@code false}. Thread-safe.
 */
public final class Verifier {

    private final SignatureScheme scheme;
    private final AsymmetricKeyParameter key;

    private Verifier(SignatureScheme scheme, AsymmetricKeyParameter key) {
        this.scheme = scheme;
        this.key = key;
    }

    /**
     * A verifier for an RSA or EC (P-256/384/521) public key.
     *
     * @throws IllegalArgumentException for other keys or an EC point not on its curve
     */
    public static Verifier forKey(PublicKey publicKey) {
        SignatureScheme scheme = SignatureScheme.forKey(publicKey);
        AsymmetricKeyParameter key;
        try {
            key = PublicKeyFactory.createKey(SubjectPublicKeyInfo.getInstance(publicKey.getEncoded()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("public key cannot be used: " + e.getMessage());
        }
        return new Verifier(scheme, key);
    }

    public SignatureScheme scheme() {
        return scheme;
    }

    /** Whether {@code signature} is this key's signature of {@code hash}. */
    public boolean verify(byte[] hash, byte[] signature) {
        Objects.requireNonNull(hash, "hash");
        if (signature == null || signature.length == 0) {
            return false;
        }
        return scheme == SignatureScheme.RSA ? verifyRsa(hash, signature) : verifyEcdsa(hash, signature);
    }

    private boolean verifyRsa(byte[] hash, byte[] signature) {
        RSAKeyParameters rsa = (RSAKeyParameters) key;
        BigInteger n = rsa.getModulus();
        int k = (n.bitLength() + 7) / 8;
        // RFC 8017 section 8.2.2 step 1 wants exactly k bytes; a signature whose leading zero
        // bytes were dropped is the same integer, so shorter ones are accepted as well.
        if (signature.length > k || hash.length > k - 3 - RawPkcs1Encoding.MIN_PADDING) {
            return false;
        }
        BigInteger s = new BigInteger(1, signature);
        if (s.signum() == 0 || s.compareTo(n) >= 0) {
            return false;
        }
        byte[] recovered = Signer.leftPad(Signer.toUnsigned(s.modPow(rsa.getExponent(), n)), k);
        return Bytes.constantTimeEquals(recovered, RawPkcs1Encoding.encode(hash, k));
    }

    private boolean verifyEcdsa(byte[] hash, byte[] signature) {
        int n = scheme.fieldLength();
        if (signature.length != 2 * n) {
            return false;
        }
        BigInteger r = new BigInteger(1, Bytes.slice(signature, 0, n));
        BigInteger s = new BigInteger(1, Bytes.slice(signature, n, n));
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, (ECPublicKeyParameters) key);
        // ECDSASigner rejects r and s outside [1, n-1] itself.
        return signer.verifySignature(hash, r, s);
    }

    @Override
    public String toString() {
        return "Verifier[" + scheme.plainName() + "]";
    }
}
