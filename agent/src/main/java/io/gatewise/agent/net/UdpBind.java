package io.gatewise.agent.net;

import java.io.Closeable;
import java.io.IOException;

/**
 * The UDP sockets of the datapath (ESP in UDP, RFC 3948, and the IKE messages that share
 * port 4500). Several sockets on one port let several threads receive in parallel;
 * each socket index is served by one receiving thread. Sending is thread-safe per
 * socket index as long as each thread uses its own index.
 */
public interface UdpBind extends Closeable {
    int socketCount();

    int localPort();

    /** Whether {@link DatagramBatch#segmentSize} may be used on send (UDP GSO). */
    boolean supportsSegmentation();

    /**
     * Blocks until at least one datagram arrived on socket {@code socket}, then fills the
     * batch with as many as are ready.
     *
     * @return number received, or -1 once shut down
     */
    int receive(int socket, DatagramBatch batch) throws IOException;

    /** Sends every datagram of the batch from socket {@code socket}. Drops what the kernel refuses. */
    void send(int socket, DatagramBatch batch) throws IOException;

    /** Sends one datagram; thread-safe, for control traffic such as IKE. */
    void sendOne(int address, int port, byte[] data, int off, int len) throws IOException;

    /** Wakes every receiver; they return -1. */
    void shutdown();
}
