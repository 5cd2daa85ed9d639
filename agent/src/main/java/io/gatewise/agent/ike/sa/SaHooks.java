package io.gatewise.agent.ike.sa;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import io.gatewise.agent.ike.event.IkeEvent;
import io.gatewise.agent.ike.transport.Datagram;
import io.gatewise.agent.ipsec.IpsecBackend;

/** What a task manager needs from the engine around it. */
public interface SaHooks {

    void send(Datagram datagram);

    void emit(IkeEvent event);

    EngineCounters counters();

    IpsecBackend backend();

    /** Our initiation received the responder cookie (index the SA by the full pair). */
    void responderCookieKnown(IkeSa sa);

    /** Phase 1 completed. */
    void established(IkeSa sa);

    /** A child SA was installed in the datapath. */
    void childInstalled(ChildSa child);

    /** A child SA was removed from the datapath. */
    void childRemoved(ChildSa child);

    /** The IKE SA is gone; remove it from every index. */
    void dead(IkeSa sa);

    /** The child whose outbound SPI the peer names in a Delete. */
    Optional<ChildSa> childByOutboundSpi(int spi, InetAddress peer);

    /** Every IKE SA of the engine that is not dead (INITIAL-CONTACT, Deletes naming a sibling SA). */
    List<IkeSa> ikeSas();

    /**
     * Dead Peer Detection declared the peer of {@code sa} dead; the SA is already torn
     * down. The engine acts as the peer's {@code DpdSettings.Action} says.
     */
    void peerDead(IkeSa sa, long nowMillis);

    /** A fresh request id tying together the SAs and policies of one child. */
    long nextReqId();

    /**
     * Phase 1 rekey: the ISAKMP SA reached its rekey time; negotiate a new one with the
     * same peer (the new SA adopts the children once established).
     */
    default void rekeyIkeSa(IkeSa old, long nowMillis) {
    }

    /**
     * An ISAKMP SA is about to go away: if a newer established one with the same peer
     * exists, the child SAs move to it instead of being deleted (IKEv1 child SAs do not
     * depend on the ISAKMP SA that negotiated them).
     */
    default void handOverChildren(IkeSa dying, long nowMillis) {
    }
}
