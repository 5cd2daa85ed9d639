package io.gatewise.agent.events;

import java.util.List;
import java.util.Objects;

/**
 * Why a negotiation failed, for failure events.
 *
 * @param notification RFC 2408 section 3.14.1 notify type name sent or received, e.g.
 *        "NO-PROPOSAL-CHOSEN"; empty when it timed out without one
 * @param sentByUs true when we sent the notification, false when the peer did
 * @param offeredProposals what the initiator offered, strongSwan syntax
 * @param acceptedProposals what the responder's policy accepts, strongSwan syntax
 * @param reason plain words, e.g. "peer offered MODP-1024; local policy accepts MODP-2048 and up"
 */
public record NegotiationFailure(String notification, boolean sentByUs, List<String> offeredProposals,
        List<String> acceptedProposals, String reason) {

    public NegotiationFailure {
        Objects.requireNonNull(notification, "notification");
        offeredProposals = List.copyOf(offeredProposals);
        acceptedProposals = List.copyOf(acceptedProposals);
        Objects.requireNonNull(reason, "reason");
    }
}
