package io.gatewise.agent.ike.codec;

import java.util.Optional;

/**
 * Values of the IPsec Encapsulation Mode attribute: RFC 2407 section 4.5, RFC 3947
 * section 5.1 for the UDP-encapsulated modes, and the values of draft-ietf-ipsec-nat-t-ike
 * that older peers still send.
 */
public enum EncapsulationMode {
    TUNNEL(1, false, false),
    TRANSPORT(2, true, false),
    UDP_ENCAPSULATED_TUNNEL(3, false, true),
    UDP_ENCAPSULATED_TRANSPORT(4, true, true),
    UDP_ENCAPSULATED_TUNNEL_DRAFT(61443, false, true),
    UDP_ENCAPSULATED_TRANSPORT_DRAFT(61444, true, true);

    private final int value;
    private final boolean transport;
    private final boolean udpEncapsulated;

    EncapsulationMode(int value, boolean transport, boolean udpEncapsulated) {
        this.value = value;
        this.transport = transport;
        this.udpEncapsulated = udpEncapsulated;
    }

    public int value() {
        return value;
    }

    public boolean isTransport() {
        return transport;
    }

    public boolean isUdpEncapsulated() {
        return udpEncapsulated;
    }

    public static Optional<EncapsulationMode> fromValue(long value) {
        for (EncapsulationMode m : values()) {
            if (m.value == value) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
