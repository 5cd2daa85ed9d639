package io.gatewise.agent.ike.event;

import java.util.List;

/**
 * A Quick Mode failed; the IKE SA stays.
 *
 * @param offered  the proposals the initiator offered (plain names), when known
 * @param accepted what the responder's policy accepts, when known (ours when we respond)
 */
public record ChildSaFailed(long timeMillis, String peer, String child, String ikeSa, String notifyType,
        String reason, boolean byPeer, List<String> offered, List<String> accepted) implements IkeEvent {

    public ChildSaFailed {
        offered = List.copyOf(offered);
        accepted = List.copyOf(accepted);
    }

    /** A failure that is not about proposals. */
    public ChildSaFailed(long timeMillis, String peer, String child, String ikeSa, String notifyType,
            String reason, boolean byPeer) {
        this(timeMillis, peer, child, ikeSa, notifyType, reason, byPeer, List.of(), List.of());
    }

    @Override
    public String describe() {
        return "CHILD SA " + child + " with " + peer + " failed: " + notifyType + ": " + reason
                + (byPeer ? " (reported by peer)" : "");
    }
}
