package io.gatewise.server.action;

/** Where a tunnel action is: sent and waiting for the agent, or answered. */
public enum TunnelActionStatus {
    /** On its way or being run; no answer yet. */
    SENT,
    /** The agent did it (clear) or started it (bring-up, rekey, reset). */
    OK,
    /** The agent refused it, or the stream ended before it answered. */
    FAILED
}
