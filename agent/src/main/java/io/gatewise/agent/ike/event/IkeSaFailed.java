package io.gatewise.agent.ike.event;

import java.util.List;

/**
 * Phase 1 failed, before or instead of being established.
 *
 * @param notifyType the RFC 2408 notification that describes the failure ("NO-PROPOSAL-CHOSEN")
 * @param reason     plain words, e.g. "peer offered AES-128/HMAC-SHA1/MODP-1024; local policy
 *                   accepts only MODP-2048 and up"
 * @param byPeer     the peer reported the failure (we received its notification)
 * @param offered    the proposals the initiator offered (plain names), when known
 * @param accepted   what the responder's policy accepts, when known (ours when we respond)
 */
public record IkeSaFailed(long timeMillis, String peer, String ikeSa, String notifyType, String reason,
        boolean byPeer, List<String> offered, List<String> accepted) implements IkeEvent {

    public IkeSaFailed {
        offered = List.copyOf(offered);
        accepted = List.copyOf(accepted);
    }

    /** A failure that is not about proposals. */
    public IkeSaFailed(long timeMillis, String peer, String ikeSa, String notifyType, String reason, boolean byPeer) {
        this(timeMillis, peer, ikeSa, notifyType, reason, byPeer, List.of(), List.of());
    }

    @Override
    public String describe() {
        return "IKE SA " + ikeSa + " with " + peer + " failed: " + notifyType + ": " + reason
                + (byPeer ? " (reported by peer)" : "");
    }
}
