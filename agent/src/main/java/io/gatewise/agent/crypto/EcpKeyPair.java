package io.gatewise.agent.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.Map;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECFieldElement;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * ECP Diffie-Hellman (RFC 5903) on Bouncy Castle's custom-curve arithmetic, with scalar
 * multiplications whose schedule does not depend on the private scalar.
 *
 * <pre>
 *  KE payload data:  x (L bytes) | y (L bytes)     L = 32 for ECP-256, 48 for ECP-384
 *  shared secret:    x coordinate of d * Q_peer (L bytes, left-padded; RFC 5903 section 7,
 *                    and section 9 on why it is x alone)
 * </pre>
 *
 * <ul>
 *   <li>Key generation d·G with constant-time table lookups over precomputed multiples
 *       of G: for P-256 {@link P256FixedBase} (a table per window of the scalar, no
 *       doublings), for P-384 Bouncy Castle's fixed-base comb (the method of its own EC
 *       key generator).
 *   <li>Agreement d·Q: {@link RegularWindowMultiplier}, a fixed signed window with
 *       cache-safe table lookups (for P-256 on the allocation-free {@link P256Jacobian}).
 *       Bouncy Castle's default multiplier (wNAF) is not used for
 *       secrets: its additions and table reads follow the scalar's bits.
 *   <li>The peer's point is validated as SEC 1 section 3.2.2.1 asks: not the point at
 *       infinity, both coordinates in [0, p-1], on the curve. Step 4 of that section
 *       (n·Q = O) holds for every point of the curve when the cofactor is 1, as for all
 *       RFC 5903 curves, so it is not computed (NIST SP 800-56A 5.6.2.3.3 says the same).
 * </ul>
 *
 * <p>The agreement used to be the JDK's "ECDH" (SunEC). On JDK 17 that cost several times
 * as much, half of it SunEC's own n·Q check of the peer's point, which the JCA offers no
 * way to skip (bench/RESULTS.md, bench EcdhBenchmark).
 */
final class EcpKeyPair extends DhKeyPair {

    /** Bouncy Castle's custom curves; the generator's comb table is cached on G. */
    private static final Map<DhGroup, X9ECParameters> CURVES = new EnumMap<>(DhGroup.class);
    private static final Map<DhGroup, RegularWindowMultiplier> MULTIPLIERS = new EnumMap<>(DhGroup.class);

    static {
        for (DhGroup group : DhGroup.values()) {
            if (group.isEcp()) {
                X9ECParameters curve = CustomNamedCurves.getByName(group.curveName());
                if (curve == null || !curve.getH().equals(BigInteger.ONE)) {
                    // the validation above relies on cofactor 1
                    throw new ExceptionInInitializerError("no cofactor-1 curve " + group.curveName());
                }
                CURVES.put(group, curve);
                MULTIPLIERS.put(group, new RegularWindowMultiplier(curve.getCurve(),
                        RegularWindowMultiplier.DEFAULT_WIDTH));
            }
        }
    }

    /** The private scalar d, 0 &lt; d &lt; n; null once forgotten. */
    private BigInteger privateScalar;

    private EcpKeyPair(DhGroup group, BigInteger privateScalar, byte[] publicValue) {
        super(group, publicValue);
        this.privateScalar = privateScalar;
    }

    /** A fresh pair: d uniform in [1, n-1], the public value d·G. */
    static EcpKeyPair generate(DhGroup group, SecureRandom random) {
        X9ECParameters curve = CURVES.get(group);
        BigInteger d = BigIntegers.createRandomInRange(BigInteger.ONE, curve.getN().subtract(BigInteger.ONE), random);
        return new EcpKeyPair(group, d, publicValue(group, d));
    }

    /** The pair for a fixed scalar: known-answer tests and test doubles of the random source. */
    static EcpKeyPair fromPrivate(DhGroup group, BigInteger d) {
        if (d.signum() <= 0 || d.compareTo(CURVES.get(group).getN()) >= 0) {
            throw new IllegalArgumentException("private scalar out of range for " + group);
        }
        return new EcpKeyPair(group, d, publicValue(group, d));
    }

    private static byte[] publicValue(DhGroup group, BigInteger d) {
        if (group == DhGroup.ECP_256) {
            return P256FixedBase.multiply(d);
        }
        ECPoint q = new FixedPointCombMultiplier().multiply(CURVES.get(group).getG(), d).normalize();
        return Bytes.concat(q.getAffineXCoord().getEncoded(), q.getAffineYCoord().getEncoded());
    }

    @Override
    byte[] computeSharedSecret(byte[] peerPublicValue) throws InvalidPublicValueException {
        DhGroup group = group();
        ECPoint peer = validatedPoint(group, peerPublicValue);
        ECPoint shared = MULTIPLIERS.get(group).multiply(peer, privateScalar);
        if (shared.isInfinity()) {
            // impossible for 0 < d < n and a point of order n; a bug if it happens
            throw new IllegalStateException(group + " agreement gave the point at infinity");
        }
        byte[] secret = shared.getAffineXCoord().getEncoded();
        if (secret.length != group.sharedSecretLength()) {
            throw new IllegalStateException("ECDH secret of " + secret.length + " bytes");
        }
        return secret;
    }

    /**
     * The peer's public value x | y as a point, after the checks of SEC 1 section 3.2.2.1.
     * The length was checked by {@link DhKeyPair#sharedSecret}.
     */
    static ECPoint validatedPoint(DhGroup group, byte[] value) throws InvalidPublicValueException {
        int len = group.elementLength();
        if (isAllZero(value)) {
            // the only conceivable encoding of the point at infinity in the fixed x | y format
            // (RFC 5903 section 7 has none); (0, 0) is not on any of these curves (b != 0)
            throw new InvalidPublicValueException(group, "all zero (the point at infinity)");
        }
        ECCurve curve = CURVES.get(group).getCurve();
        BigInteger p = curve.getField().getCharacteristic();
        BigInteger x = new BigInteger(1, Bytes.slice(value, 0, len));
        BigInteger y = new BigInteger(1, Bytes.slice(value, len, len));
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            throw new InvalidPublicValueException(group, "coordinate not below the field prime p");
        }
        ECFieldElement fx = curve.fromBigInteger(x);
        ECFieldElement fy = curve.fromBigInteger(y);
        // y^2 = x^3 + ax + b (mod p)
        ECFieldElement rhs = fx.square().add(curve.getA()).multiply(fx).add(curve.getB());
        if (!fy.square().equals(rhs)) {
            throw new InvalidPublicValueException(group, "not a point on the curve");
        }
        return curve.createPoint(x, y);
    }

    private static boolean isAllZero(byte[] value) {
        int bits = 0;
        for (byte b : value) {
            bits |= b;
        }
        return bits == 0;
    }

    @Override
    void forgetPrivate() {
        privateScalar = null;
    }
}
