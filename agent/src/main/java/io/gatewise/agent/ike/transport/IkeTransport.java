package io.gatewise.agent.ike.transport;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * The socket side of IKE. Implementations own one thread that delivers every received
 * ISAKMP message to the receiver, runs submitted tasks and timers, and on which the
 * engine is driven; {@link #send} is called from that thread. Pluggable so that the ESP
 * datapath can own UDP 4500 and pass IKE traffic through, and so that tests can connect
 * engines in memory.
 */
public interface IkeTransport extends DatagramSink, AutoCloseable {

    /** Starts receiving; datagrams go to {@code receiver} on the transport's thread. */
    void start(Consumer<Datagram> receiver) throws IOException;

    /** Runs {@code task} on the transport's thread. */
    void execute(Runnable task);

    /** Runs {@code task} on the transport's thread after {@code delayMillis}. */
    void schedule(Runnable task, long delayMillis);

    @Override
    void close();
}
