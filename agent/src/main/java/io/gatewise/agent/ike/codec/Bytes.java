package io.gatewise.agent.ike.codec;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string with value semantics, so that payload records compare by
 * content. Not for secrets: {@link #toString()} prints hex (nonces, hashes, public DH
 * values and cookies are public). Keys live in the crypto layer as wipeable arrays.
 */
public final class Bytes {
    public static final Bytes EMPTY = new Bytes(new byte[0]);
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] data;

    private Bytes(byte[] data) {
        this.data = data;
    }

    /** Copies the array. */
    public static Bytes of(byte[] data) {
        return data.length == 0 ? EMPTY : new Bytes(data.clone());
    }

    public static Bytes copyOf(byte[] data, int offset, int length) {
        return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(data, offset, offset + length));
    }

    public static Bytes fromHex(String hex) {
        return of(HEX.parseHex(hex));
    }

    /** Big-endian encoding of {@code value} in {@code length} bytes. */
    public static Bytes ofInt(long value, int length) {
        byte[] b = new byte[length];
        for (int i = length - 1; i >= 0; i--) {
            b[i] = (byte) value;
            value >>>= 8;
        }
        return new Bytes(b);
    }

    public int length() {
        return data.length;
    }

    public boolean isEmpty() {
        return data.length == 0;
    }

    public int get(int index) {
        return data[index] & 0xff;
    }

    /** A fresh copy of the content. */
    public byte[] toByteArray() {
        return data.clone();
    }

    public void copyTo(byte[] dest, int offset) {
        System.arraycopy(data, 0, dest, offset, data.length);
    }

    /**
     * The content as an unsigned big-endian number; for SPIs, lifetimes and other
     * integers carried as variable-length fields.
     *
     * @throws ArithmeticException if longer than 8 bytes with a non-zero high part
     */
    public long toUnsignedLong() {
        long v = 0;
        for (int i = 0; i < data.length; i++) {
            if (i < data.length - 8 && data[i] != 0) {
                throw new ArithmeticException("value does not fit 64 bits");
            }
            v = (v << 8) | (data[i] & 0xff);
        }
        return v;
    }

    public String hex() {
        return HEX.formatHex(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b && Arrays.equals(data, b.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return data.length <= 32 ? hex() : HEX.formatHex(data, 0, 16) + "…(" + data.length + " bytes)";
    }
}
