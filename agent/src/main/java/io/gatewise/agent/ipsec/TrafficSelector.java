package io.gatewise.agent.ipsec;

import java.net.InetAddress;
import java.util.Objects;

/**
 * An address range with optional IP protocol and port range, as carried in IKEv1 Quick
 * Mode IDs and IKEv2 TS payloads. Protocol 0 and ports 0..65535 mean "any".
 */
public record TrafficSelector(InetAddress start, InetAddress end, int ipProtocol, int startPort, int endPort) {
    public TrafficSelector {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (start.getAddress().length != end.getAddress().length) {
            throw new IllegalArgumentException("selector mixes address families: " + start + " - " + end);
        }
    }
}
