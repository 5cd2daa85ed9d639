package io.gatewise.agent.ike.auth;

import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The IKEv1 signature authentication methods we implement, with their Phase 1
 * "Authentication Method" attribute values (RFC 2409 Appendix A, RFC 4754 section 6).
 *
 * <p>What is signed is HASH_I or HASH_R itself (RFC 2409 section 5.1: "SIG_I is the
 * digital signature of HASH_I"), the output of the negotiated PRF; it is not hashed again:
 *
 * <ul>
 *   <li>{@link #RSA}: RSASSA-PKCS1-v1_5 padding (RFC 8017 section 9.2, block type 1) of the
 *       raw hash, <em>without</em> the DigestInfo of a normal PKCS#1 signature. This is what
 *       strongSwan ({@code SIGN_RSA_EMSA_PKCS1_NULL} in
 *       {@code sa/ikev1/authenticators/pubkey_v1_authenticator.c}), Libreswan and Cisco do;
 *       the known-answer test checks it against strongSwan's SIG payloads.</li>
 *   <li>{@link #ECDSA_256}, {@link #ECDSA_384}, {@link #ECDSA_521}: ECDSA over the raw hash
 *       (strongSwan's {@code SIGN_ECDSA_WITH_NULL}), the signature on the wire being
 *       {@code r | s}, each left-padded to the curve's field size (RFC 4754 section 7). The
 *       method names the curve of the signer's key; like strongSwan we do not require the
 *       Phase 1 hash to be the SHA-2 variant RFC 4754 pairs with the curve.</li>
 * </ul>
 */
public enum SignatureScheme {
    RSA(3, "RSA signatures", null, 0),
    ECDSA_256(9, "ECDSA-256 signatures (P-256)", SECObjectIdentifiers.secp256r1, 32),
    ECDSA_384(10, "ECDSA-384 signatures (P-384)", SECObjectIdentifiers.secp384r1, 48),
    ECDSA_521(11, "ECDSA-521 signatures (P-521)", SECObjectIdentifiers.secp521r1, 66);

    private final int ikev1AuthMethod;
    private final String plainName;
    private final ASN1ObjectIdentifier curve;
    private final int fieldLength;

    SignatureScheme(int ikev1AuthMethod, String plainName, ASN1ObjectIdentifier curve, int fieldLength) {
        this.ikev1AuthMethod = ikev1AuthMethod;
        this.plainName = plainName;
        this.curve = curve;
        this.fieldLength = fieldLength;
    }

    /** The IKEv1 Phase 1 "Authentication Method" attribute value. */
    public int ikev1AuthMethod() {
        return ikev1AuthMethod;
    }

    /** "RSA signatures", "ECDSA-256 signatures (P-256)". */
    public String plainName() {
        return plainName;
    }

    public boolean isEcdsa() {
        return curve != null;
    }

    /** For ECDSA: the length in bytes of r and of s on the wire; 0 for RSA. */
    public int fieldLength() {
        return fieldLength;
    }

    /** The scheme for an IKEv1 authentication method value, if it is one we implement. */
    public static Optional<SignatureScheme> fromIkev1AuthMethod(int method) {
        for (SignatureScheme s : values()) {
            if (s.ikev1AuthMethod == method) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * The scheme a public key signs with: RSA for RSA keys, ECDSA-256/384/521 for keys on
     * P-256/P-384/P-521.
     *
     * @throws IllegalArgumentException for any other key (a plain-words message naming it)
     */
    public static SignatureScheme forKey(PublicKey key) {
        SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(key.getEncoded());
        return forAlgorithm(info.getAlgorithm(), key);
    }

    /** The scheme a private key signs with; see {@link #forKey(PublicKey)}. */
    public static SignatureScheme forKey(PrivateKey key) {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        return forAlgorithm(info.getPrivateKeyAlgorithm(), key);
    }

    /** Whether a public key can produce signatures of this scheme. */
    public boolean accepts(PublicKey key) {
        try {
            return forKey(key) == this;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** "RSA 2048-bit", "EC P-256": for messages about keys. */
    public static String describeKey(PublicKey key) {
        try {
            SignatureScheme s = forKey(key);
            if (s == RSA) {
                return "RSA " + ((RSAPublicKey) key).getModulus().bitLength() + "-bit";
            }
            return "EC " + s.curveName();
        } catch (IllegalArgumentException | ClassCastException e) {
            return key.getAlgorithm();
        }
    }

    /** "P-256", "P-384", "P-521"; empty for RSA. */
    public String curveName() {
        return switch (this) {
            case RSA -> "";
            case ECDSA_256 -> "P-256";
            case ECDSA_384 -> "P-384";
            case ECDSA_521 -> "P-521";
        };
    }

    private static SignatureScheme forAlgorithm(AlgorithmIdentifier algorithm, Key key) {
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
            return RSA;
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
            ASN1Encodable parameters = algorithm.getParameters();
            if (parameters instanceof ASN1ObjectIdentifier named) {
                for (SignatureScheme s : values()) {
                    if (named.equals(s.curve)) {
                        return s;
                    }
                }
                throw new IllegalArgumentException("EC key on curve " + named.getId()
                        + " is not usable for IKE (RFC 4754 defines P-256, P-384 and P-521)");
            }
            throw new IllegalArgumentException("EC key with explicit curve parameters is not supported");
        }
        throw new IllegalArgumentException(key.getAlgorithm() + " key (" + oid.getId()
                + ") is not usable for IKE signatures (RSA or ECDSA P-256/P-384/P-521)");
    }
}
