package io.gatewise.agent.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECLookupTable;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Curve;
import org.bouncycastle.math.raw.Nat256;

/**
 * Variable-base scalar multiplication k·Q whose sequence of point operations and memory
 * accesses does not depend on the secret scalar k: a fixed signed window over an odd
 * scalar ("regular" recoding), on Bouncy Castle's curve arithmetic. It is the ECDH
 * primitive of {@link EcpKeyPair} (SEC 1 section 3.3.1: the shared secret is the x
 * coordinate of d·Q), in place of SunEC, which validates the peer's point with a second
 * full multiplication n·Q that a cofactor-1 curve does not need (SEC 1 section 3.2.2.1).
 *
 * <p>Method, for a window of w bits:
 * <ol>
 *   <li>Make the scalar odd without a branch: k' = k if k is odd, else n - k (n is odd,
 *       so n - k is odd). Then (n - k)·(-Q) = k·Q, so for an even k every digit's sign is
 *       flipped, which the table lookup does (below).
 *   <li>Recode the odd k' into m digits d_i, all odd and non-zero, in
 *       {±1, ±3, …, ±(2^w - 1)}: k' = Σ d_i·2^(w·i). With k_0 = k' and
 *       k_(i+1) = (k_i - d_i) / 2^w, d_i = (k_i mod 2^(w+1)) - 2^w keeps every k_i odd;
 *       in closed form k_i = (k' >> w·i) | 1, so d_i reads w+1 bits of k' at a fixed
 *       position. The top digit is k_(m-1) itself, positive. No digit is zero, so every
 *       step is w doublings and one addition, whatever k is.
 *   <li>A table of the 2^w points (2j + 1 - 2^w)·Q, j = 0 … 2^w - 1 (the negative odd
 *       multiples, then the positive ones), normalised to affine so that each addition
 *       is a mixed addition. Digit d is at index (d + 2^w - 1) / 2; negating the digit is
 *       index XOR (2^w - 1), done with a mask. Bouncy Castle's cache-safe lookup table
 *       reads every entry and keeps the wanted one by masking, so neither the index nor
 *       the sign shows in the memory access pattern.
 *   <li>Horner from the top digit: R = T[d_(m-1)], then m-1 times R = 2^w·R + T[d_i].
 * </ol>
 *
 * <p>Exceptional cases of the addition formulas: before the step for digit i, R is
 * 2^w·k_(i+1)·Q with 0 &lt; k_(i+1) &lt; n, never the point at infinity. R = -T[d_i] would
 * mean k_i ≡ 0 (mod n), impossible for an odd 0 &lt; k_i &lt; n. R = T[d_i] (Bouncy Castle's
 * addition then branches to a doubling, with the right result) means k_i ≡ 2·d_i (mod n);
 * for odd k_i &lt; n that is only the last step with k' = n - 2|d_0|, which the recoding
 * allows for at most one or two of the ~2^256 scalars of a curve and width (none for P-256
 * at width 5, k' = n - 38 for P-384 at width 5; the tests cover these). A random private
 * key never hits them.
 *
 * <p>On P-256 the point arithmetic of step 4 runs on {@link P256Jacobian} (the same field
 * code, in place, without Bouncy Castle's allocation of a new point per operation); on
 * other curves on Bouncy Castle's points.
 *
 * <p>What is constant-time here is the schedule (m·w doublings, m - 1 additions, m table
 * scans for every scalar of the curve) and the table access. The field arithmetic
 * underneath is Bouncy Castle's custom-curve code (the same as its fixed-base comb, which
 * we already use for key generation); its final reductions contain a few carry-dependent
 * branches, as do most portable implementations.
 */
final class RegularWindowMultiplier {

    /** Bits per digit; 5 measured a little faster than 4 on P-256 (bench EcdhBenchmark). */
    static final int DEFAULT_WIDTH = 5;

    private final ECCurve curve;
    private final BigInteger order;
    private final int width;
    /** Number of signed digits for scalars below the order. */
    private final int digits;
    /** 32-bit words holding a scalar, plus one zero word so that a window never reads past the end. */
    private final int words;
    private final int[] orderWords;
    /** P-256: the point arithmetic runs on {@link P256Jacobian}. */
    private final boolean p256;

    RegularWindowMultiplier(ECCurve curve, int width) {
        if (width < 2 || width > 6) {
            throw new IllegalArgumentException("window width " + width);
        }
        this.curve = curve;
        this.order = curve.getOrder();
        this.width = width;
        int bits = order.bitLength();
        // the top digit k_(m-1) = (k' >> w(m-1)) | 1 must stay below 2^w, so
        // w(m-1) >= bits - w: m - 1 = ceil((bits - w) / w) = floor((bits - 1) / w)
        this.digits = 1 + (bits - 1) / width;
        this.words = (bits + 31) / 32 + 1;
        this.orderWords = ScalarWords.of(order, words);
        this.p256 = curve instanceof SecP256R1Curve;
    }

    /** Bits per digit. */
    int width() {
        return width;
    }

    /**
     * k·Q, normalised (affine).
     *
     * @param q a point of the curve, not the point at infinity, already validated by the
     *     caller (this method does not check; the result is wrong for other points)
     * @param k the secret scalar, 0 &lt; k &lt; n
     * @throws IllegalArgumentException if k is out of range or q is infinity
     */
    ECPoint multiply(ECPoint q, BigInteger k) {
        if (k.signum() <= 0 || k.compareTo(order) >= 0) {
            throw new IllegalArgumentException("scalar out of range");
        }
        if (q.isInfinity() || q.getCurve() != curve) {
            throw new IllegalArgumentException("base point is infinity or on another curve");
        }
        int[] scalar = ScalarWords.of(k, words);
        int[] negated = new int[words];
        ScalarWords.subtract(orderWords, scalar, negated);
        // even k (bit 0 = 0): use n - k and flip every digit's sign
        int evenMask = (scalar[0] & 1) - 1;
        ScalarWords.select(evenMask, negated, scalar);
        int flip = evenMask & ((1 << width) - 1);
        // the table index of every digit, top digit first
        int[] indices = new int[digits];
        for (int i = digits - 1; i >= 0; i--) {
            indices[digits - 1 - i] = index(scalar, i, i == digits - 1) ^ flip;
        }
        Arrays.fill(scalar, 0);
        Arrays.fill(negated, 0);
        try {
            return p256 ? multiplyP256(q, indices) : multiplyGeneric(q, indices);
        } finally {
            Arrays.fill(indices, 0);
        }
    }

    /** Horner over the digits with Bouncy Castle's (immutable) points: P-384, P-521. */
    private ECPoint multiplyGeneric(ECPoint q, int[] indices) {
        ECLookupTable table = oddMultiplesTable(q);
        ECPoint r = table.lookup(indices[0]);
        for (int i = 1; i < indices.length; i++) {
            r = r.timesPow2(width).add(table.lookup(indices[i]));
        }
        return r.normalize();
    }

    /**
     * The same Horner schedule on P-256 with {@link P256Jacobian} (in place, no allocation
     * per step): the same table, affine, and the same cache-safe scans of all its entries.
     */
    private ECPoint multiplyP256(ECPoint q, int[] indices) {
        ECPoint[] points = oddMultiples(q);
        int[][] xs = new int[points.length][];
        int[][] ys = new int[points.length][];
        for (int j = 0; j < points.length; j++) {
            // the fixed-length encoding, not toBigInteger: no BigInteger per coordinate
            xs[j] = P256Jacobian.decode(points[j].getAffineXCoord().getEncoded(), 0);
            ys[j] = P256Jacobian.decode(points[j].getAffineYCoord().getEncoded(), 0);
        }
        P256Jacobian r = new P256Jacobian();
        int[] px = new int[P256Jacobian.WORDS];
        int[] py = new int[P256Jacobian.WORDS];
        try {
            P256Jacobian.lookup(xs, ys, indices[0], px, py);
            r.setAffine(px, py);
            for (int i = 1; i < indices.length; i++) {
                for (int j = 0; j < width; j++) {
                    r.twice();
                }
                P256Jacobian.lookup(xs, ys, indices[i], px, py);
                r.addAffine(px, py);
            }
            r.toAffine(px, py);
            return curve.createPoint(Nat256.toBigInteger(px), Nat256.toBigInteger(py));
        } finally {
            r.wipe();
            Arrays.fill(px, 0);
            Arrays.fill(py, 0);
        }
    }

    /**
     * The table index of digit i of the odd scalar k': (d_i + 2^w - 1) / 2. Branch-free: the
     * window position depends on i only.
     */
    private int index(int[] k, int i, boolean top) {
        int u = window(k, i * width, width + 1) | 1;
        int d = top ? u : u - (1 << width);
        return (d + (1 << width) - 1) >> 1;
    }

    /** {@code len} (at most 7) bits of k starting at bit {@code pos}. */
    private static int window(int[] k, int pos, int len) {
        int word = pos >>> 5;
        long pair = (k[word] & 0xFFFFFFFFL) | ((long) k[word + 1] << 32);
        return (int) (pair >>> (pos & 31)) & ((1 << len) - 1);
    }

    /** (2j + 1 - 2^w)·Q for j = 0 … 2^w - 1, affine, in a cache-safe lookup table. */
    private ECLookupTable oddMultiplesTable(ECPoint q) {
        ECPoint[] table = oddMultiples(q);
        return curve.createCacheSafeLookupTable(table, 0, table.length);
    }

    /** (2j + 1 - 2^w)·Q for j = 0 … 2^w - 1, affine: the negative odd multiples, then the positive. */
    private ECPoint[] oddMultiples(ECPoint q) {
        int half = 1 << (width - 1);
        ECPoint[] odd = new ECPoint[half];
        odd[0] = q;
        ECPoint twice = q.twice();
        for (int i = 1; i < half; i++) {
            odd[i] = odd[i - 1].add(twice);
        }
        curve.normalizeAll(odd);
        ECPoint[] table = new ECPoint[2 * half];
        for (int i = 0; i < half; i++) {
            table[half + i] = odd[i];
            table[half - 1 - i] = odd[i].negate();
        }
        return table;
    }
}
