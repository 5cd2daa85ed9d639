package io.gatewise.agent.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Field;

/**
 * Fixed-base scalar multiplication k·G on P-256 for key generation (the public value of
 * RFC 5903 section 7) without a single doubling: one precomputed table per window of the
 * scalar, on the allocation-free {@link P256Jacobian}.
 *
 * <p>Method (W = 6 bits per window, M = 43 windows):
 * <ol>
 *   <li>Make the scalar odd without a branch: k' = k if k is odd, else n - k, and then
 *       negate every digit (n·G = O, so -(n - k)·G = k·G).
 *   <li>Recode k' &lt; 2^256 into M odd signed digits d_i in {±1, ±3, …, ±63} with
 *       k' = Σ d_i·2^(6i), as {@link RegularWindowMultiplier} does: d_i = ((k' &gt;&gt; 6i) | 1)
 *       mod 2^7 - 2^6, the top digit (k' &gt;&gt; 252) | 1 positive. No digit is zero.
 *   <li>k'·G = Σ_i d_i·2^(6i)·G, each term read from table i, which holds
 *       (2j + 1)·2^(6i)·G for j = 0 … 31 (affine; 43 × 32 points, 88 KiB, computed once
 *       per JVM): entry (|d_i| - 1) / 2, then y negated by mask when the digit's sign
 *       (after the parity flip) is negative.
 * </ol>
 * Every scalar costs the same: 42 mixed additions (8M + 3S each), 43 scans of all 32
 * entries of a table ({@link P256Jacobian#lookup}), one conditional negation per step by
 * masking, and one inversion. Bouncy Castle's fixed-point comb, which key generation used
 * before, needs 42 doublings on top of 43 additions over a 64-entry table: about 1.7 times
 * the field operations. The additions' exceptional cases (R = ±table entry) need
 * R = Σ_(j&gt;i) d_j·2^(6j)·G = ±d_i·2^(6i)·G, which only a few fixed scalars can meet;
 * {@link P256Jacobian#addAffine} gives the right result there too.
 */
final class P256FixedBase {

    static final int WIDTH = 6;
    static final int WINDOWS = 1 + (256 - 1) / WIDTH;
    private static final int ENTRIES = 1 << (WIDTH - 1);
    /** Words of a scalar below 2^256 plus one zero word, so that no window reads past the end. */
    private static final int SCALAR_WORDS = 9;

    private static final BigInteger ORDER;
    private static final int[] ORDER_WORDS;
    /** TABLE_X[i][j], TABLE_Y[i][j]: (2j + 1)·2^(6i)·G, affine. */
    private static final int[][][] TABLE_X = new int[WINDOWS][ENTRIES][];
    private static final int[][][] TABLE_Y = new int[WINDOWS][ENTRIES][];

    static {
        X9ECParameters params = CustomNamedCurves.getByName("secp256r1");
        ECCurve curve = params.getCurve();
        ORDER = params.getN();
        ORDER_WORDS = ScalarWords.of(ORDER, SCALAR_WORDS);
        ECPoint base = params.getG();
        for (int i = 0; i < WINDOWS; i++) {
            ECPoint[] odd = new ECPoint[ENTRIES];
            odd[0] = base;
            ECPoint twice = base.twice();
            for (int j = 1; j < ENTRIES; j++) {
                odd[j] = odd[j - 1].add(twice);
            }
            curve.normalizeAll(odd);
            for (int j = 0; j < ENTRIES; j++) {
                TABLE_X[i][j] = SecP256R1Field.fromBigInteger(odd[j].getAffineXCoord().toBigInteger());
                TABLE_Y[i][j] = SecP256R1Field.fromBigInteger(odd[j].getAffineYCoord().toBigInteger());
            }
            base = base.timesPow2(WIDTH).normalize();
        }
    }

    private P256FixedBase() {
    }

    /**
     * k·G as x | y, 32 bytes each (big-endian), for 0 &lt; k &lt; n.
     *
     * @throws IllegalArgumentException if k is out of range
     */
    static byte[] multiply(BigInteger k) {
        if (k.signum() <= 0 || k.compareTo(ORDER) >= 0) {
            throw new IllegalArgumentException("scalar out of range");
        }
        int[] scalar = ScalarWords.of(k, SCALAR_WORDS);
        int[] negated = new int[SCALAR_WORDS];
        P256Jacobian r = new P256Jacobian();
        int[] px = new int[P256Jacobian.WORDS];
        int[] py = new int[P256Jacobian.WORDS];
        int[] ny = new int[P256Jacobian.WORDS];
        try {
            ScalarWords.subtract(ORDER_WORDS, scalar, negated);
            // even k: use n - k and negate every digit
            int evenMask = (scalar[0] & 1) - 1;
            ScalarWords.select(evenMask, negated, scalar);
            entry(WINDOWS - 1, digit(scalar, WINDOWS - 1), evenMask, px, py, ny);
            r.setAffine(px, py);
            for (int i = WINDOWS - 2; i >= 0; i--) {
                entry(i, digit(scalar, i), evenMask, px, py, ny);
                r.addAffine(px, py);
            }
            r.toAffine(px, py);
            byte[] out = new byte[2 * 4 * P256Jacobian.WORDS];
            P256Jacobian.encode(px, out, 0);
            P256Jacobian.encode(py, out, 4 * P256Jacobian.WORDS);
            return out;
        } finally {
            r.wipe();
            for (int[] a : new int[][] {scalar, negated, px, py, ny}) {
                Arrays.fill(a, 0);
            }
        }
    }

    /** Signed odd digit i of the odd scalar k'; the top digit is positive. */
    private static int digit(int[] k, int i) {
        int u = window(k, i * WIDTH, WIDTH + 1) | 1;
        return i == WINDOWS - 1 ? u : u - (1 << WIDTH);
    }

    /**
     * (px, py) = sign·|d|·2^(6i)·G from table i, with sign = the digit's sign flipped when
     * flipMask is -1. Branch-free: the entry by a full scan, the sign by a masked select
     * of y or p - y.
     */
    private static void entry(int i, int d, int flipMask, int[] px, int[] py, int[] ny) {
        int sign = d >> 31;
        int abs = (d ^ sign) - sign;
        P256Jacobian.lookup(TABLE_X[i], TABLE_Y[i], (abs - 1) >> 1, px, py);
        SecP256R1Field.negate(py, ny);
        ScalarWords.select(sign ^ flipMask, ny, py);
    }

    /** {@code len} (at most 7) bits of k starting at bit {@code pos}. */
    private static int window(int[] k, int pos, int len) {
        int word = pos >>> 5;
        long pair = (k[word] & 0xFFFFFFFFL) | ((long) k[word + 1] << 32);
        return (int) (pair >>> (pos & 31)) & ((1 << len) - 1);
    }
}
