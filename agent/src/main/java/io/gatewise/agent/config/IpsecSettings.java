package io.gatewise.agent.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Phase 2 (IPsec SA) settings shared by the child SAs of a tunnel.
 *
 * @param protocol          ESP or AH
 * @param proposals         proposals in order of preference, strongSwan syntax; a DH group
 *                          in a proposal is its PFS group
 * @param mode              tunnel or transport encapsulation (RFC 4301 section 4.1)
 * @param lifetime          IPsec SA lifetime in time
 * @param lifetimeKilobytes IPsec SA lifetime in volume; 0 means no volume limit
 * @param replayWindow      anti-replay window in packets (RFC 4303 section 3.4.3)
 */
public record IpsecSettings(Protocol protocol, List<String> proposals, Mode mode, Duration lifetime,
                            long lifetimeKilobytes, long replayWindow) {

    /** Default IPsec SA lifetime when the config leaves it at 0. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
    /** Default anti-replay window when the config leaves it at 0. */
    public static final long DEFAULT_REPLAY_WINDOW = 1024;
    /** Largest anti-replay window the agent accepts. */
    public static final long MAX_REPLAY_WINDOW = 65536;

    /** The IPsec protocol. */
    public enum Protocol {
        /** Encapsulating Security Payload (RFC 4303). */
        ESP,
        /** Authentication Header (RFC 4302): integrity only, cannot cross a NAT. */
        AH
    }

    /** The encapsulation mode. */
    public enum Mode {
        TUNNEL,
        TRANSPORT
    }

    public IpsecSettings {
        Objects.requireNonNull(protocol, "protocol");
        proposals = List.copyOf(proposals);
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(lifetime, "lifetime");
    }
}
