package io.gatewise.agent.ike.event;

/** An installed child SA pair was removed from the datapath. */
public record ChildSaDeleted(long timeMillis, String peer, String child, String spiIn, String spiOut,
        String reason) implements IkeEvent {

    @Override
    public String describe() {
        return "CHILD SA " + child + " with " + peer + " deleted (in " + spiIn + ", out " + spiOut + "): " + reason;
    }
}
