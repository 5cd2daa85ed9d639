package io.gatewise.agent.ike.event;

/** A Quick Mode failed; the IKE SA stays. */
public record ChildSaFailed(long timeMillis, String peer, String child, String ikeSa, String notifyType,
        String reason, boolean byPeer) implements IkeEvent {

    @Override
    public String describe() {
        return "CHILD SA " + child + " with " + peer + " failed: " + notifyType + ": " + reason
                + (byPeer ? " (reported by peer)" : "");
    }
}
