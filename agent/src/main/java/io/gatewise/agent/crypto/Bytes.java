package io.gatewise.agent.crypto;

import java.security.MessageDigest;
import java.util.Arrays;

/** Small byte-array helpers used by the key derivation code. */
public final class Bytes {

    private static final byte[] EMPTY = new byte[0];

    private Bytes() {
    }

    /** The concatenation of all parts; {@code null} parts count as empty. */
    public static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part == null ? 0 : part.length;
        }
        if (length == 0) {
            return EMPTY.clone();
        }
        byte[] out = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            if (part != null) {
                System.arraycopy(part, 0, out, offset, part.length);
                offset += part.length;
            }
        }
        return out;
    }

    /** Overwrites every given array with zeros; {@code null}s are ignored. */
    public static void wipe(byte[]... arrays) {
        for (byte[] array : arrays) {
            if (array != null) {
                Arrays.fill(array, (byte) 0);
            }
        }
    }

    /** Compares two arrays in time that depends only on their lengths (for MACs and hashes). */
    public static boolean constantTimeEquals(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    /** Big-endian 4-byte encoding, as IKE puts message ids and SPIs on the wire. */
    public static byte[] uint32(int value) {
        return new byte[] {
            (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    /** A copy of {@code length} bytes starting at {@code offset}. */
    public static byte[] slice(byte[] array, int offset, int length) {
        return Arrays.copyOfRange(array, offset, offset + length);
    }
}
