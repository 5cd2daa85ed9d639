package io.gatewise.agent.ike.v1;

import io.gatewise.agent.ike.codec.Proposal;
import io.gatewise.agent.ike.codec.Transform;
import io.gatewise.agent.ike.proposal.IkeProposal;

/**
 * A phase 1 transform the responder accepted: what it means, and the proposal and
 * transform to echo back in message 2 exactly as offered (RFC 2409 section 5: the
 * responder returns the chosen transform).
 *
 * @param lifetimeSeconds the lifetime the SA will use: the offer, capped by ours
 * @param offeredLifetimeSeconds the lifetime in the accepted transform (0: none offered)
 */
record AcceptedIkeTransform(IkeProposal proposal, long lifetimeSeconds, Proposal offeredProposal,
        Transform offeredTransform, long offeredLifetimeSeconds) {

    /** Our lifetime is shorter than the one offered: the initiator should hear of it. */
    boolean shortenedByUs() {
        return offeredLifetimeSeconds > lifetimeSeconds;
    }
}
