package io.gatewise.agent.gateway;

import io.gatewise.agent.datapath.NonEspHandler;
import io.gatewise.agent.datapath.UserspaceIpsecBackend;
import java.io.IOException;
import java.net.InetAddress;

/**
 * The part of the datapath IKE needs for UDP 4500, which the datapath owns (decision D4):
 * IKE messages in (marker stripped), IKE messages and NAT-keepalives out. An interface so
 * that {@link DatapathIkeTransport} can be tested without a TUN device.
 */
public interface NatTPort {
    void setNonEspHandler(NonEspHandler handler);

    /** Sends an IKE message with the non-ESP marker in front (RFC 3948 section 2.2). */
    void sendNonEsp(InetAddress peer, int port, byte[] message, int off, int len) throws IOException;

    /** Sends one 0xFF byte (RFC 3948 section 2.3). */
    void sendKeepalive(InetAddress peer, int port) throws IOException;

    static NatTPort of(UserspaceIpsecBackend dp) {
        return new NatTPort() {
            @Override
            public void setNonEspHandler(NonEspHandler handler) {
                dp.setNonEspHandler(handler);
            }

            @Override
            public void sendNonEsp(InetAddress peer, int port, byte[] message, int off, int len) throws IOException {
                dp.sendNonEsp(peer, port, message, off, len);
            }

            @Override
            public void sendKeepalive(InetAddress peer, int port) throws IOException {
                dp.sendKeepalive(peer, port);
            }
        };
    }
}
