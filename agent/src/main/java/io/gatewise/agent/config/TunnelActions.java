package io.gatewise.agent.config;

import java.util.Objects;

/**
 * The seam for an operator's per-tunnel actions ({@code TunnelAction} on the Connect
 * stream): the control plane calls it, whatever runs tunnels implements it. Like
 * {@link ConfigApplier} it lives here so that the gateway can implement it without
 * depending on the control plane.
 *
 * <p>Each method returns once the action is done (clear) or started (bring-up, rekey,
 * reset); how a negotiation ends is reported by the SA events that follow. Calls may
 * block briefly (they run on the IKE thread and wait for it), never for long.
 */
public interface TunnelActions {

    /** What an operator can ask for. */
    enum Kind {
        /** Negotiate Phase 1 (if needed) and every child SA that is not installed. */
        BRING_UP,
        /** Fresh keys: new SAs negotiated, then the old ones deleted. */
        REKEY,
        /** Tear down and re-establish: {@link #CLEAR}, then {@link #BRING_UP}. */
        RESET,
        /** Delete the tunnel's IKE and IPsec SAs, telling the peer (Delete payloads). */
        CLEAR
    }

    /**
     * What came of an action.
     *
     * @param ok     the action was done or started
     * @param detail plain words: what was done, or why nothing was
     */
    record Outcome(boolean ok, String detail) {
        public Outcome {
            Objects.requireNonNull(detail, "detail");
        }

        public static Outcome done(String detail) {
            return new Outcome(true, detail);
        }

        public static Outcome refused(String reason) {
            return new Outcome(false, reason);
        }
    }

    Outcome bringUp(String tunnel);

    Outcome rekey(String tunnel);

    Outcome reset(String tunnel);

    Outcome clear(String tunnel);

    /** Dispatches by kind. */
    default Outcome run(Kind kind, String tunnel) {
        return switch (kind) {
            case BRING_UP -> bringUp(tunnel);
            case REKEY -> rekey(tunnel);
            case RESET -> reset(tunnel);
            case CLEAR -> clear(tunnel);
        };
    }

    /** An agent that runs no tunnels (the logging applier): every action is refused. */
    TunnelActions NONE = new TunnelActions() {
        private Outcome none(String tunnel) {
            return Outcome.refused("this agent runs no tunnels (no IKE engine), so it has no tunnel " + tunnel);
        }

        @Override
        public Outcome bringUp(String tunnel) {
            return none(tunnel);
        }

        @Override
        public Outcome rekey(String tunnel) {
            return none(tunnel);
        }

        @Override
        public Outcome reset(String tunnel) {
            return none(tunnel);
        }

        @Override
        public Outcome clear(String tunnel) {
            return none(tunnel);
        }
    };
}
