package io.gatewise.agent.ike.transport;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One ISAKMP message on the wire, without the non-ESP marker.
 *
 * @param local  our address and port (500, or 4500 after NAT-T floating)
 * @param remote the peer's address and port
 * @param data   the ISAKMP message; owned by the receiver of this record
 */
public record Datagram(InetSocketAddress local, InetSocketAddress remote, byte[] data) {
    /** The IKE port, RFC 2408 section 2.5.2. */
    public static final int IKE_PORT = 500;
    /** The NAT-T port, RFC 3947 section 4. */
    public static final int NATT_PORT = 4500;

    public Datagram {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(data, "data");
    }

    @Override
    public String toString() {
        return remote + " <-> " + local + " (" + data.length + " bytes)";
    }
}
