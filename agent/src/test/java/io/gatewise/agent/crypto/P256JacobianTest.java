package io.gatewise.agent.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Field;
import org.bouncycastle.math.raw.Nat256;
import org.junit.jupiter.api.Test;

/**
 * The in-place P-256 arithmetic ({@link P256Jacobian}) and the fixed-base multiplication
 * ({@link P256FixedBase}) against Bouncy Castle's point arithmetic, including the exceptional
 * cases of the mixed addition (R = P, R = -P, R = O).
 */
class P256JacobianTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
    private static final BigInteger N = P256.getN();

    @Test
    void doublingAndMixedAdditionEqualBouncyCastles() {
        for (int i = 0; i < 50; i++) {
            ECPoint p = randomPoint();
            ECPoint q = randomPoint();
            P256Jacobian r = at(p);
            r.twice();
            assertThat(affine(r)).isEqualTo(p.twice().normalize());
            r.twice();
            r.addAffine(x(q), y(q));
            assertThat(affine(r)).as("4P + Q").isEqualTo(p.timesPow2(2).add(q).normalize());
            r.addAffine(x(q), y(q));
            r.twice();
            assertThat(affine(r)).as("2(4P + 2Q)").isEqualTo(p.timesPow2(3).add(q.timesPow2(2)).normalize());
        }
    }

    @Test
    void mixedAdditionHandlesTheExceptionalCases() {
        ECPoint p = randomPoint();
        ECPoint q = randomPoint();
        // R = P (R in projective form with Z != 1): the sum is 2P
        P256Jacobian r = at(p.subtract(q));
        r.addAffine(x(q), y(q));
        r.addAffine(x(p), y(p));
        assertThat(affine(r)).isEqualTo(p.twice().normalize());
        // R = -P: the point at infinity, which then stays there when doubled
        P256Jacobian o = at(p);
        ECPoint minusP = p.negate().normalize();
        o.addAffine(x(minusP), y(minusP));
        assertThat(o.isInfinity()).isTrue();
        o.twice();
        assertThat(o.isInfinity()).isTrue();
        assertThatThrownBy(() -> o.toAffine(new int[8], new int[8])).isInstanceOf(IllegalStateException.class);
        // O + Q = Q
        o.addAffine(x(q), y(q));
        assertThat(affine(o)).isEqualTo(q);
    }

    @Test
    void lookupReturnsTheIndexedEntry() {
        int[][] xs = new int[32][];
        int[][] ys = new int[32][];
        for (int j = 0; j < 32; j++) {
            xs[j] = Nat256.fromBigInteger(BigInteger.valueOf(1000 + j));
            ys[j] = Nat256.fromBigInteger(BigInteger.valueOf(2000 + j));
        }
        int[] ax = new int[8];
        int[] ay = new int[8];
        for (int index = 0; index < 32; index++) {
            P256Jacobian.lookup(xs, ys, index, ax, ay);
            assertThat(Nat256.toBigInteger(ax)).isEqualTo(BigInteger.valueOf(1000 + index));
            assertThat(Nat256.toBigInteger(ay)).isEqualTo(BigInteger.valueOf(2000 + index));
        }
    }

    /**
     * Key generation against Bouncy Castle's G·k for the scalars at the edges of the signed
     * windows: small and large (both parities, so both the scalar and n - k are recoded),
     * every window boundary (bits 6i - 1, 6i, 6i + 1), all ones, and 100 random scalars.
     */
    @Test
    void fixedBaseEqualsBouncyCastleAtTheEdges() {
        List<BigInteger> scalars = new ArrayList<>();
        for (int i = 1; i <= 70; i++) {
            scalars.add(BigInteger.valueOf(i));
            scalars.add(N.subtract(BigInteger.valueOf(i)));
        }
        for (int bit = 1; bit < 256; bit += P256FixedBase.WIDTH) {
            for (int delta = -1; delta <= 1; delta++) {
                BigInteger power = BigInteger.ONE.shiftLeft(bit + delta);
                scalars.add(power.mod(N));
                scalars.add(power.subtract(BigInteger.ONE).mod(N));
                scalars.add(power.add(BigInteger.ONE).mod(N));
            }
        }
        scalars.add(BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE));
        for (int i = 0; i < 100; i++) {
            scalars.add(new BigInteger(264, RANDOM).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE));
        }
        for (BigInteger k : scalars) {
            if (k.signum() == 0) {
                continue;
            }
            ECPoint expected = P256.getG().multiply(k).normalize();
            byte[] encoded = P256FixedBase.multiply(k);
            assertThat(encoded).as("k = %s", k.toString(16)).hasSize(64);
            assertThat(new BigInteger(1, Arrays.copyOfRange(encoded, 0, 32)))
                    .as("x of k·G, k = %s", k.toString(16)).isEqualTo(expected.getAffineXCoord().toBigInteger());
            assertThat(new BigInteger(1, Arrays.copyOfRange(encoded, 32, 64)))
                    .as("y of k·G, k = %s", k.toString(16)).isEqualTo(expected.getAffineYCoord().toBigInteger());
        }
    }

    @Test
    void fixedBaseRefusesScalarsOutOfRange() {
        assertThatThrownBy(() -> P256FixedBase.multiply(BigInteger.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> P256FixedBase.multiply(N)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> P256FixedBase.multiply(BigInteger.ONE.negate()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wipeClearsThePoint() {
        P256Jacobian r = at(randomPoint());
        r.wipe();
        assertThat(r.isInfinity()).isTrue();
    }

    private static ECPoint randomPoint() {
        return P256.getG().multiply(new BigInteger(256, RANDOM).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE))
                .normalize();
    }

    private static P256Jacobian at(ECPoint p) {
        ECPoint n = p.normalize();
        P256Jacobian r = new P256Jacobian();
        r.setAffine(x(n), y(n));
        return r;
    }

    private static int[] x(ECPoint p) {
        return SecP256R1Field.fromBigInteger(p.normalize().getAffineXCoord().toBigInteger());
    }

    private static int[] y(ECPoint p) {
        return SecP256R1Field.fromBigInteger(p.normalize().getAffineYCoord().toBigInteger());
    }

    private static ECPoint affine(P256Jacobian r) {
        int[] ax = new int[8];
        int[] ay = new int[8];
        r.toAffine(ax, ay);
        return P256.getCurve().createPoint(Nat256.toBigInteger(ax), Nat256.toBigInteger(ay));
    }
}
