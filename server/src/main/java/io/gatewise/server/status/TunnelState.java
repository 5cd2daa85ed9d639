package io.gatewise.server.status;

/** A tunnel's real state against the configuration ("configured versus actual"). */
public enum TunnelState {
    /** Both ends report an installed SA and their SPIs match (in of one = out of the other). */
    UP,
    /** One end reports an installed SA, the other none (or SPIs that do not match). */
    ONE_SIDE_UP,
    /** Configured, never seen established since the server started watching. */
    NEVER_ESTABLISHED,
    /** Configured, was up, now no SA. */
    DOWN,
    /** An SA is installed for a tunnel the configuration no longer has. */
    STALE
}
