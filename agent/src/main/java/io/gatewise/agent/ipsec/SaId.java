package io.gatewise.agent.ipsec;

import java.net.InetAddress;
import java.util.Objects;

/**
 * Identifies one direction of an IPsec SA the way RFC 4301 section 4.1 does: SPI,
 * security protocol and destination address.
 */
public record SaId(int spi, IpsecProtocol protocol, InetAddress destination) {
    public SaId {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(destination, "destination");
    }

    @Override
    public String toString() {
        return protocol + "/" + Integer.toHexString(spi) + "@" + destination.getHostAddress();
    }
}
