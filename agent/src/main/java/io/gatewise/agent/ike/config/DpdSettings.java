package io.gatewise.agent.ike.config;

import java.util.Objects;

/**
 * Dead Peer Detection of one peer (RFC 3706): how long the peer may be silent before we
 * ask R-U-THERE, how long we keep asking before we declare it dead, and what happens then.
 * We always answer the peer's R-U-THERE; these settings only govern our own probes.
 *
 * @param delayMillis   idle time (no IKE message and no ESP packet from the peer) before the
 *                      first R-U-THERE; 0 disables our probes
 * @param timeoutMillis how long unanswered probes are retransmitted before the peer is dead
 * @param action        what to do with a dead peer's SAs
 */
public record DpdSettings(long delayMillis, long timeoutMillis, Action action) {

    /** No probes of our own (R-U-THERE from the peer is still answered). */
    public static final DpdSettings OFF = new DpdSettings(0, 0, Action.CLEAR);

    /** What happens once the peer is declared dead; its SAs are deleted locally in every case. */
    public enum Action {
        /** Re-initiate phase 1 and every child at once, and keep retrying with backoff. */
        RESTART,
        /** Stay down until the peer initiates or the configuration changes. */
        CLEAR,
        /** Stay down; traffic for the tunnel (the datapath's trap policies) renegotiates it. */
        HOLD
    }

    public DpdSettings {
        Objects.requireNonNull(action, "action");
        if (delayMillis < 0 || timeoutMillis < 0 || (delayMillis > 0 && timeoutMillis <= 0)) {
            throw new IllegalArgumentException("bad DPD settings: delay " + delayMillis + " ms, timeout "
                    + timeoutMillis + " ms");
        }
    }

    public static DpdSettings of(long delayMillis, long timeoutMillis, Action action) {
        return new DpdSettings(delayMillis, timeoutMillis, action);
    }

    public boolean enabled() {
        return delayMillis > 0;
    }

    @Override
    public String toString() {
        return enabled() ? "DPD every " + delayMillis + " ms idle, dead after " + timeoutMillis + " ms, " + action
                : "DPD off";
    }
}
