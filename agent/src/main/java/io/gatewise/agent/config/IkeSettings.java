package io.gatewise.agent.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Phase 1 (ISAKMP SA) settings of a tunnel.
 *
 * @param mode                the Phase 1 exchange
 * @param proposals           proposals in order of preference, strongSwan syntax
 *                            (parsed by {@code ProposalParser.parseIke})
 * @param lifetime            ISAKMP SA lifetime
 * @param dpdDelay            Dead Peer Detection interval (RFC 3706); zero disables DPD
 * @param dpdTimeout          silence after which the peer is declared dead
 * @param dpdAction           what to do with a dead peer's tunnel
 * @param natTraversal        use NAT traversal (RFC 3947) when a NAT is detected
 * @param forceEncapsulation  always encapsulate ESP in UDP, even without a NAT (implies
 *                            NAT traversal)
 */
public record IkeSettings(Mode mode, List<String> proposals, Duration lifetime, Duration dpdDelay,
                          Duration dpdTimeout, DpdAction dpdAction, boolean natTraversal,
                          boolean forceEncapsulation) {

    /** Default ISAKMP SA lifetime when the config leaves it at 0. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(4);
    /** Default DPD timeout when DPD is on and the config leaves the timeout at 0. */
    public static final Duration DEFAULT_DPD_TIMEOUT = Duration.ofSeconds(150);

    /** The Phase 1 exchange (RFC 2409 section 5). */
    public enum Mode {
        /** Main Mode: identities protected. */
        MAIN,
        /** Aggressive Mode: identities in clear; with PSK exposes a hash to offline guessing. */
        AGGRESSIVE
    }

    /** What to do when DPD declares the peer dead. */
    public enum DpdAction {
        /** Renegotiate the tunnel. */
        RESTART,
        /** Remove the SAs and wait for the peer or for traffic. */
        CLEAR,
        /** Remove the SAs and renegotiate on traffic. */
        HOLD
    }

    public IkeSettings {
        Objects.requireNonNull(mode, "mode");
        proposals = List.copyOf(proposals);
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(dpdDelay, "dpdDelay");
        Objects.requireNonNull(dpdTimeout, "dpdTimeout");
        Objects.requireNonNull(dpdAction, "dpdAction");
    }

    public boolean dpdEnabled() {
        return !dpdDelay.isZero();
    }
}
