package io.gatewise.agent.ike.v1;

import io.gatewise.agent.ike.codec.EncapsulationMode;
import io.gatewise.agent.ike.codec.Proposal;
import io.gatewise.agent.ike.codec.Transform;
import io.gatewise.agent.ike.proposal.EspProposal;

/**
 * The ESP transform a Quick Mode settled on.
 *
 * @param lifetimeSeconds   the lifetime both sides use (RFC 2407 section 4.5)
 * @param lifetimeKilobytes 0 when no volume limit was negotiated
 * @param responderLowered  the responder caps the initiator's lifetime: it announces its
 *                          own with RESPONDER-LIFETIME (RFC 2407 section 4.6.3.1)
 */
record AcceptedEspTransform(EspProposal proposal, EncapsulationMode mode, long lifetimeSeconds,
        long lifetimeKilobytes, boolean responderLowered, Proposal offeredProposal, Transform offeredTransform) {
}
