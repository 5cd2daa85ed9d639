package io.gatewise.agent.ike.event;

/**
 * Phase 1 failed, before or instead of being established.
 *
 * @param notifyType the RFC 2408 notification that describes the failure ("NO-PROPOSAL-CHOSEN")
 * @param reason     plain words, e.g. "peer offered AES-128/HMAC-SHA1/MODP-1024; local policy
 *                   accepts only MODP-2048 and up"
 * @param byPeer     the peer reported the failure (we received its notification)
 */
public record IkeSaFailed(long timeMillis, String peer, String ikeSa, String notifyType, String reason,
        boolean byPeer) implements IkeEvent {

    @Override
    public String describe() {
        return "IKE SA " + ikeSa + " with " + peer + " failed: " + notifyType + ": " + reason
                + (byPeer ? " (reported by peer)" : "");
    }
}
