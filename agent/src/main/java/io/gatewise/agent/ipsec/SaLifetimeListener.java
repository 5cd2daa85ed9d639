package io.gatewise.agent.ipsec;

/** Told by the backend when an SA crosses a lifetime limit. Called from datapath threads. */
public interface SaLifetimeListener {
    /** @param hard false at the soft limit (rekey now), true at the hard limit (SA is dead) */
    void onLifetimeExpired(SaId sa, long reqId, boolean hard);
}
