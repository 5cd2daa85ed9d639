package io.gatewise.agent.net;

/**
 * A reusable batch of datagrams in heap arrays, filled by {@link UdpBind#receive} or by
 * the sender before {@link UdpBind#send}. Outer addresses are IPv4 as ints.
 *
 * <p>{@code segmentSize[i] > 0} means slot i holds several datagrams of that size back
 * to back, the last one possibly shorter: UDP GRO on receive and UDP GSO
 * ({@code UDP_SEGMENT}) on send.
 */
public final class DatagramBatch {
    public final byte[][] data;
    public final int[] length;
    public final int[] address;
    public final int[] port;
    public final int[] segmentSize;
    public int count;

    public DatagramBatch(int capacity, int bufferSize) {
        data = new byte[capacity][bufferSize];
        length = new int[capacity];
        address = new int[capacity];
        port = new int[capacity];
        segmentSize = new int[capacity];
    }

    public int capacity() {
        return data.length;
    }

    /** Appends a datagram descriptor; the caller has written {@code data[count]}. */
    public void add(int len, int addr, int p, int segSize) {
        length[count] = len;
        address[count] = addr;
        port[count] = p;
        segmentSize[count] = segSize;
        count++;
    }

    public void clear() {
        count = 0;
    }
}
