package io.gatewise.agent.ike.event;

/**
 * Dead Peer Detection (RFC 3706) gave up on the peer: nothing arrived from it (no IKE
 * message, no ESP packet) and no R-U-THERE was acknowledged for the configured timeout.
 * The IKE SA and its children are deleted locally next (their own events follow).
 *
 * @param silentMillis how long the peer had been silent when it was declared dead
 * @param probes       R-U-THERE messages sent without an acknowledgement
 * @param action       "RESTART", "CLEAR" or "HOLD": what happens to the tunnel now
 */
public record DpdTimeout(long timeMillis, String peer, String ikeSa, String remote, long silentMillis, int probes,
        String action) implements IkeEvent {

    @Override
    public String describe() {
        return "peer " + peer + " (" + remote + ") is dead: no answer to " + probes + " DPD R-U-THERE and nothing "
                + "received for " + silentMillis + " ms; IKE SA " + ikeSa + " and its children deleted locally, "
                + "action " + action;
    }
}
