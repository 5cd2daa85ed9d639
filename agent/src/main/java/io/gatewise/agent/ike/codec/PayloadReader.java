package io.gatewise.agent.ike.codec;

/**
 * A bounds-checked big-endian cursor over a window of a byte array. Every read checks
 * the window first and fails with a {@link CodecException}, so no length taken from the
 * wire can make the decoder read outside the datagram.
 */
public final class PayloadReader {
    private final byte[] data;
    private final int limit;
    private int position;
    private final NotifyType onOverrun;

    private PayloadReader(byte[] data, int offset, int limit, NotifyType onOverrun) {
        this.data = data;
        this.position = offset;
        this.limit = limit;
        this.onOverrun = onOverrun;
    }

    /** A reader over {@code data[offset, offset + length)}; the array is not copied. */
    static PayloadReader over(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new IllegalArgumentException("window outside array");
        }
        return new PayloadReader(data, offset, offset + length, NotifyType.PAYLOAD_MALFORMED);
    }

    /** The same reader that reports overruns with another notify type (e.g. BAD-PROPOSAL-SYNTAX). */
    PayloadReader reportingAs(NotifyType notifyType) {
        return new PayloadReader(data, position, limit, notifyType);
    }

    public int remaining() {
        return limit - position;
    }

    public boolean hasRemaining() {
        return position < limit;
    }

    /** Offset of the cursor in the underlying array. */
    int position() {
        return position;
    }

    byte[] array() {
        return data;
    }

    private void need(int n, String what) throws CodecException {
        if (n < 0 || n > limit - position) {
            throw new CodecException(onOverrun, what + ": needs " + n + " bytes, " + remaining() + " left");
        }
    }

    public int u8(String what) throws CodecException {
        need(1, what);
        return data[position++] & 0xff;
    }

    public int u16(String what) throws CodecException {
        need(2, what);
        int v = ((data[position] & 0xff) << 8) | (data[position + 1] & 0xff);
        position += 2;
        return v;
    }

    /** An unsigned 32-bit value, returned as the int with the same bits. */
    public int u32(String what) throws CodecException {
        need(4, what);
        int v = ((data[position] & 0xff) << 24) | ((data[position + 1] & 0xff) << 16)
                | ((data[position + 2] & 0xff) << 8) | (data[position + 3] & 0xff);
        position += 4;
        return v;
    }

    public long u64(String what) throws CodecException {
        long hi = u32(what) & 0xffffffffL;
        long lo = u32(what) & 0xffffffffL;
        return (hi << 32) | lo;
    }

    public void skip(int n, String what) throws CodecException {
        need(n, what);
        position += n;
    }

    public Bytes bytes(int n, String what) throws CodecException {
        need(n, what);
        Bytes b = Bytes.copyOf(data, position, n);
        position += n;
        return b;
    }

    public Bytes rest() {
        Bytes b = Bytes.copyOf(data, position, remaining());
        position = limit;
        return b;
    }

    /** Splits off the next {@code n} bytes as their own reader and advances past them. */
    public PayloadReader slice(int n, String what) throws CodecException {
        need(n, what);
        PayloadReader r = new PayloadReader(data, position, position + n, onOverrun);
        position += n;
        return r;
    }
}
