package io.gatewise.agent.crypto;

import java.util.Arrays;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Field;
import org.bouncycastle.math.raw.Nat256;

/**
 * One P-256 (secp256r1) point R in Jacobian coordinates, changed in place: x = X/Z²,
 * y = Y/Z³, Z = 0 for the point at infinity. Field elements are Bouncy Castle's P-256
 * representation (8 little-endian 32-bit words, fully reduced mod p) and every field
 * operation is one of {@link SecP256R1Field}'s, the same code under Bouncy Castle's own
 * {@code SecP256R1Point}; what differs is that nothing is allocated: all temporaries are
 * this object's scratch arrays.
 *
 * <p>Why: Bouncy Castle's points are immutable, so each doubling or addition allocates a
 * new point, three field elements and a few 8- and 16-word arrays. An ECP-256 negotiation
 * makes four scalar multiplications, about 700 point operations, which was ~0.5 MB of
 * garbage per negotiation and the agent's whole allocation rate (bench/RESULTS.md,
 * 2026-11-27 13:00). The arithmetic itself is unchanged.
 *
 * <p>Formulas (a = -3; http://hyperelliptic.org/EFD/g1p/auto-shortw-jacobian-3.html):
 * doubling "dbl-2001-b" (3M + 5S) and mixed addition of an affine point "madd-2004-hmv"
 * (8M + 3S). The exceptional cases of the addition (R = ±P, R = O) are branches, as in
 * Bouncy Castle's point code; the multiplications that use this class never reach them
 * for a valid scalar except at a handful of fixed scalars (see their callers), and the
 * branches give the right result there.
 *
 * <p>Not thread-safe: one instance per scalar multiplication. {@link #wipe()} clears
 * every array (they hold values derived from the secret scalar).
 */
final class P256Jacobian {

    /** Words of a field element. */
    static final int WORDS = 8;

    private final int[] x = new int[WORDS];
    private final int[] y = new int[WORDS];
    private final int[] z = new int[WORDS];
    private final int[] t1 = new int[WORDS];
    private final int[] t2 = new int[WORDS];
    private final int[] t3 = new int[WORDS];
    private final int[] t4 = new int[WORDS];
    private final int[] t5 = new int[WORDS];
    private final int[] t6 = new int[WORDS];
    /** Double-width product before reduction. */
    private final int[] ext = Nat256.createExt();

    /** R = (ax, ay), an affine point. */
    void setAffine(int[] ax, int[] ay) {
        System.arraycopy(ax, 0, x, 0, WORDS);
        System.arraycopy(ay, 0, y, 0, WORDS);
        Arrays.fill(z, 0);
        z[0] = 1;
    }

    boolean isInfinity() {
        return SecP256R1Field.isZero(z) != 0;
    }

    /**
     * R = 2R (dbl-2001-b, a = -3):
     * delta = Z², gamma = Y², beta = X·gamma, alpha = 3(X - delta)(X + delta),
     * X3 = alpha² - 8beta, Z3 = (Y + Z)² - gamma - delta, Y3 = alpha(4beta - X3) - 8gamma².
     * For R = O (Z = 0) Z3 = 2YZ = 0: it stays the point at infinity.
     */
    void twice() {
        int[] delta = t1;
        int[] gamma = t2;
        int[] beta = t3;
        int[] alpha = t4;
        SecP256R1Field.square(z, delta, ext);
        SecP256R1Field.square(y, gamma, ext);
        SecP256R1Field.multiply(x, gamma, beta, ext);
        SecP256R1Field.subtract(x, delta, t5);
        SecP256R1Field.add(x, delta, t6);
        SecP256R1Field.multiply(t5, t6, alpha, ext);
        SecP256R1Field.twice(alpha, t5);
        SecP256R1Field.add(alpha, t5, alpha);
        // Z3 from the old Y and Z
        SecP256R1Field.add(y, z, t5);
        SecP256R1Field.square(t5, t5, ext);
        SecP256R1Field.subtract(t5, gamma, t5);
        SecP256R1Field.subtract(t5, delta, z);
        // X3 = alpha² - 8beta; beta becomes 4beta on the way
        SecP256R1Field.twice(beta, beta);
        SecP256R1Field.twice(beta, beta);
        SecP256R1Field.twice(beta, t5);
        SecP256R1Field.square(alpha, t6, ext);
        SecP256R1Field.subtract(t6, t5, x);
        // Y3 = alpha(4beta - X3) - 8gamma²
        SecP256R1Field.subtract(beta, x, t5);
        SecP256R1Field.multiply(alpha, t5, t5, ext);
        SecP256R1Field.square(gamma, t6, ext);
        SecP256R1Field.twice(t6, t6);
        SecP256R1Field.twice(t6, t6);
        SecP256R1Field.twice(t6, t6);
        SecP256R1Field.subtract(t5, t6, y);
    }

    /**
     * R = R + P for an affine P = (px, py) (madd-2004-hmv):
     * Z1Z1 = Z1², U2 = px·Z1Z1, S2 = py·Z1·Z1Z1, H = U2 - X1, r = S2 - Y1,
     * X3 = r² - H³ - 2·X1·H², Y3 = r(X1·H² - X3) - Y1·H³, Z3 = Z1·H.
     * H = 0 means R = ±P: then R + P is 2P (r = 0) or O.
     */
    void addAffine(int[] px, int[] py) {
        if (isInfinity()) {
            setAffine(px, py);
            return;
        }
        int[] zz = t1;
        int[] h = t2;
        int[] r = t3;
        SecP256R1Field.square(z, zz, ext);
        SecP256R1Field.multiply(px, zz, h, ext);
        SecP256R1Field.subtract(h, x, h);
        SecP256R1Field.multiply(z, zz, r, ext);
        SecP256R1Field.multiply(py, r, r, ext);
        SecP256R1Field.subtract(r, y, r);
        // isZero reads all words (no early exit); the branch is taken only at R = ±P
        if (SecP256R1Field.isZero(h) != 0) {
            if (SecP256R1Field.isZero(r) != 0) {
                twice();
            } else {
                Arrays.fill(z, 0);
            }
            return;
        }
        int[] hh = t4;
        int[] hhh = t5;
        int[] v = t6;
        SecP256R1Field.square(h, hh, ext);
        SecP256R1Field.multiply(h, hh, hhh, ext);
        SecP256R1Field.multiply(x, hh, v, ext);
        SecP256R1Field.multiply(z, h, z, ext);
        // X3 = r² - HHH - 2V (zz is free from here on)
        SecP256R1Field.square(r, zz, ext);
        SecP256R1Field.subtract(zz, hhh, zz);
        SecP256R1Field.subtract(zz, v, zz);
        SecP256R1Field.subtract(zz, v, x);
        // Y3 = r(V - X3) - Y1·HHH
        SecP256R1Field.subtract(v, x, v);
        SecP256R1Field.multiply(r, v, v, ext);
        SecP256R1Field.multiply(y, hhh, hhh, ext);
        SecP256R1Field.subtract(v, hhh, y);
    }

    /**
     * The affine coordinates of R into ax and ay (one constant-time inversion of Z, Bouncy
     * Castle's, as in its own normalisation).
     *
     * @throws IllegalStateException if R is the point at infinity
     */
    void toAffine(int[] ax, int[] ay) {
        if (isInfinity()) {
            throw new IllegalStateException("the point at infinity has no affine coordinates");
        }
        SecP256R1Field.inv(z, t1);
        SecP256R1Field.square(t1, t2, ext);
        SecP256R1Field.multiply(x, t2, ax, ext);
        SecP256R1Field.multiply(t2, t1, t2, ext);
        SecP256R1Field.multiply(y, t2, ay, ext);
    }

    /**
     * Copies entry {@code index} of a table of affine points into ax and ay, reading every
     * entry and keeping the wanted one by masking: the memory access pattern does not
     * depend on the (secret) index.
     */
    static void lookup(int[][] xs, int[][] ys, int index, int[] ax, int[] ay) {
        Arrays.fill(ax, 0);
        Arrays.fill(ay, 0);
        for (int j = 0; j < xs.length; j++) {
            // -1 exactly when j == index (both below 2^31)
            int mask = ((j ^ index) - 1) >> 31;
            int[] ex = xs[j];
            int[] ey = ys[j];
            for (int w = 0; w < WORDS; w++) {
                ax[w] |= ex[w] & mask;
                ay[w] |= ey[w] & mask;
            }
        }
    }

    /** Big-endian 32 bytes of a field element (the RFC 5903 encoding of a coordinate). */
    static void encode(int[] element, byte[] out, int offset) {
        for (int w = 0; w < WORDS; w++) {
            int v = element[w];
            int at = offset + 4 * (WORDS - 1 - w);
            out[at] = (byte) (v >>> 24);
            out[at + 1] = (byte) (v >>> 16);
            out[at + 2] = (byte) (v >>> 8);
            out[at + 3] = (byte) v;
        }
    }

    /**
     * A field element from its big-endian 32-byte encoding (no reduction: the encodings used
     * here come from Bouncy Castle's field elements, already below p).
     */
    static int[] decode(byte[] in, int offset) {
        int[] element = new int[WORDS];
        for (int w = 0; w < WORDS; w++) {
            int at = offset + 4 * (WORDS - 1 - w);
            element[w] = (in[at] << 24) | ((in[at + 1] & 0xFF) << 16) | ((in[at + 2] & 0xFF) << 8)
                    | (in[at + 3] & 0xFF);
        }
        return element;
    }

    /** Clears R and the scratch arrays. */
    void wipe() {
        for (int[] a : new int[][] {x, y, z, t1, t2, t3, t4, t5, t6, ext}) {
            Arrays.fill(a, 0);
        }
    }
}
