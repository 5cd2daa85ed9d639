package io.gatewise.agent.ike.transport;

/** Where the engine puts datagrams to send. Called on the engine's thread; must not block long. */
@FunctionalInterface
public interface DatagramSink {
    void send(Datagram datagram);
}
