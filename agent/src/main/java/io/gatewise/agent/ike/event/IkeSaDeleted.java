package io.gatewise.agent.ike.event;

/** An established IKE SA went away: deleted by us or the peer, or expired. */
public record IkeSaDeleted(long timeMillis, String peer, String ikeSa, String reason) implements IkeEvent {

    @Override
    public String describe() {
        return "IKE SA " + ikeSa + " with " + peer + " deleted: " + reason;
    }
}
