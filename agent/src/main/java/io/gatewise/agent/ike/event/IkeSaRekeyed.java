package io.gatewise.agent.ike.event;

/**
 * A new ISAKMP SA with the same peer replaced an older one (IKEv1 has no in-place phase 1
 * rekey: a fresh Main or Aggressive Mode runs and the child SAs, which do not depend on the
 * ISAKMP SA, move over to it). The old SA is deleted with a Delete payload.
 *
 * @param oldIkeSa  cookies of the replaced SA
 * @param newIkeSa  cookies of the SA that now carries Quick Modes, DPD and Deletes
 * @param byPeer    the peer ran the new phase 1
 * @param children  how many child SAs moved over
 */
public record IkeSaRekeyed(long timeMillis, String peer, String oldIkeSa, String newIkeSa, boolean byPeer,
        int children, long lifetimeSeconds) implements IkeEvent {

    @Override
    public String describe() {
        return "IKE SA with " + peer + " rekeyed" + (byPeer ? " by the peer" : "") + ": " + oldIkeSa + " -> "
                + newIkeSa + ", " + children + " child SA(s) moved, lifetime " + lifetimeSeconds + " s";
    }
}
