package io.gatewise.agent.crypto;

import java.math.BigInteger;
import java.util.Arrays;

import org.bouncycastle.util.BigIntegers;

/**
 * Scalars as little-endian 32-bit words for the constant-schedule EC multipliers
 * ({@link RegularWindowMultiplier}, {@link P256FixedBase}): a fixed length whatever the
 * value, and word-wise subtraction and selection without data-dependent branches.
 */
final class ScalarWords {
    private ScalarWords() {
    }

    /** {@code value} (non-negative, below 2^(32·words)) as {@code words} little-endian words. */
    static int[] of(BigInteger value, int words) {
        byte[] bytes = BigIntegers.asUnsignedByteArray(4 * words, value);
        int[] out = new int[words];
        for (int i = 0; i < words; i++) {
            int at = bytes.length - 4 * (i + 1);
            out[i] = (bytes[at] << 24) | ((bytes[at + 1] & 0xFF) << 16) | ((bytes[at + 2] & 0xFF) << 8)
                    | (bytes[at + 3] & 0xFF);
        }
        Arrays.fill(bytes, (byte) 0);
        return out;
    }

    /** z = x - y over all words (x &gt;= y here), no data-dependent branch. */
    static void subtract(int[] x, int[] y, int[] z) {
        long borrow = 0;
        for (int i = 0; i < x.length; i++) {
            long diff = (x[i] & 0xFFFFFFFFL) - (y[i] & 0xFFFFFFFFL) + borrow;
            z[i] = (int) diff;
            borrow = diff >> 32;
        }
    }

    /** target = mask == -1 ? source : target, for mask 0 or -1, over target's length. */
    static void select(int mask, int[] source, int[] target) {
        for (int i = 0; i < target.length; i++) {
            target[i] ^= (target[i] ^ source[i]) & mask;
        }
    }
}
