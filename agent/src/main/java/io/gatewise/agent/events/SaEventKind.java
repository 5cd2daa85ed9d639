package io.gatewise.agent.events;

/** What happened. Phase 1 is the ISAKMP SA (RFC 2409 section 5), Quick Mode the IPsec SAs (section 5.5). */
public enum SaEventKind {
    PHASE1_STARTED,
    PHASE1_ESTABLISHED,
    PHASE1_FAILED,
    PHASE1_REKEYED,
    PHASE1_DELETED,
    QUICK_MODE_STARTED,
    CHILD_ESTABLISHED,
    QUICK_MODE_FAILED,
    CHILD_REKEYED,
    CHILD_DELETED,
    /** Dead peer detection (RFC 3706) gave up on the peer. */
    DPD_TIMEOUT
}
