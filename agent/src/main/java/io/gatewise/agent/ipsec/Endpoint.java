package io.gatewise.agent.ipsec;

import java.net.InetAddress;
import java.util.Objects;

/** An outer address and, for ESP in UDP (RFC 3948), the UDP port; port 0 for raw ESP/AH. */
public record Endpoint(InetAddress address, int port) {
    public Endpoint {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }
}
