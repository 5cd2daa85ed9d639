package io.gatewise.agent.ike.codec;

import java.util.Arrays;

/** A growable big-endian buffer with back-patching of length fields. */
public final class PayloadWriter {
    private byte[] buf = new byte[256];
    private int size;

    private void ensure(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }

    public PayloadWriter u8(int v) {
        if ((v & ~0xff) != 0) {
            throw new IllegalArgumentException("does not fit one octet: " + v);
        }
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    public PayloadWriter u16(int v) {
        if ((v & ~0xffff) != 0) {
            throw new IllegalArgumentException("does not fit two octets: " + v);
        }
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    public PayloadWriter u32(int v) {
        ensure(4);
        buf[size++] = (byte) (v >>> 24);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    public PayloadWriter u64(long v) {
        u32((int) (v >>> 32));
        return u32((int) v);
    }

    public PayloadWriter bytes(Bytes b) {
        ensure(b.length());
        b.copyTo(buf, size);
        size += b.length();
        return this;
    }

    public PayloadWriter bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        return this;
    }

    public PayloadWriter zeros(int n) {
        ensure(n);
        size += n;            // the buffer is zero-filled already
        return this;
    }

    public int size() {
        return size;
    }

    /** Overwrites a 16-bit field written earlier (a payload length). */
    void patchU16(int at, int v) {
        if ((v & ~0xffff) != 0) {
            throw new IllegalArgumentException("payload longer than 65535 bytes: " + v);
        }
        buf[at] = (byte) (v >>> 8);
        buf[at + 1] = (byte) v;
    }

    /** Overwrites an 8-bit field written earlier (a next-payload type). */
    void patchU8(int at, int v) {
        buf[at] = (byte) v;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
