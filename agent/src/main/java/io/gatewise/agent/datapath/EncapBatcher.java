package io.gatewise.agent.datapath;

import io.gatewise.agent.net.DatagramBatch;
import io.gatewise.agent.net.UdpBind;
import java.io.IOException;

/**
 * Collects outgoing ESP packets for one socket into a {@link DatagramBatch}. Consecutive
 * packets to the same peer with the same size (the segments of one TCP super-packet)
 * are packed into one UDP GSO datagram when the socket supports it, so a 64 KiB
 * super-packet leaves with one {@code sendmmsg} entry. Not thread-safe.
 */
final class EncapBatcher {
    private static final int MAX_GSO_BYTES = 65000;
    private static final int MAX_GSO_SEGMENTS = 64;

    private final UdpBind socket;
    private final int socketIndex;
    private final boolean gso;
    private final DatagramBatch batch = new DatagramBatch(32, 65535);
    private int segments;
    private boolean runClosed;
    /** Where the last {@link #reserve} placed the packet. */
    int slot;
    int offset;

    EncapBatcher(UdpBind socket, int socketIndex) {
        this.socket = socket;
        this.socketIndex = socketIndex;
        this.gso = socket.supportsSegmentation();
    }

    /** Reserves room for a packet of {@code len} bytes to address:port; see {@link #slot}/{@link #offset}. */
    byte[] reserve(int address, int port, int len) throws IOException {
        int last = batch.count - 1;
        if (gso && last >= 0 && !runClosed && batch.address[last] == address && batch.port[last] == port
                && len <= firstSize(last) && batch.length[last] + len <= MAX_GSO_BYTES
                && segments < MAX_GSO_SEGMENTS) {
            slot = last;
            offset = batch.length[last];
            batch.length[last] += len;
            batch.segmentSize[last] = firstSize(last);
            segments++;
            if (len < firstSize(last)) {
                runClosed = true;
            }
            return batch.data[last];
        }
        if (batch.count == batch.capacity()) {
            flush();
        }
        slot = batch.count;
        offset = 0;
        batch.add(len, address, port, 0);
        segments = 1;
        runClosed = false;
        firstSizes[slot] = len;
        return batch.data[slot];
    }

    private final int[] firstSizes = new int[32];

    private int firstSize(int s) {
        return firstSizes[s];
    }

    /** Shrinks the packet last reserved (the real length turned out smaller). */
    void trim(int reserved, int actual) {
        batch.length[slot] -= reserved - actual;
    }

    boolean isEmpty() {
        return batch.count == 0;
    }

    void flush() throws IOException {
        if (batch.count > 0) {
            socket.send(socketIndex, batch);
            batch.clear();
        }
    }
}
