package io.gatewise.agent.ike.sa;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every SA of one engine, indexed the way lookups happen:
 * <ul>
 *   <li>IKE SAs by cookie pair; our own initiations by initiator cookie alone until the
 *       responder's cookie arrives in message 2;</li>
 *   <li>responder SAs also by (initiator cookie, peer address), so a retransmitted
 *       message 1 finds the SA it already created instead of creating another;</li>
 *   <li>half-open responder SAs in creation order, bounded: the oldest is evicted when a
 *       new one would exceed the limit;</li>
 *   <li>child SAs by inbound SPI (unique, we chose it) and by outbound SPI and peer
 *       address (the peer chose it; Delete payloads name it).</li>
 * </ul>
 * Single-threaded: the engine thread owns it.
 */
public final class SaDatabase {
    private record ResponderKey(long initiatorCookie, InetAddress peer) {
    }

    private record OutboundKey(int spi, InetAddress peer) {
    }

    private final Map<IkeSaId, IkeSa> byCookies = new HashMap<>();
    private final Map<Long, IkeSa> initiatedPending = new HashMap<>();
    private final Map<ResponderKey, IkeSa> responders = new HashMap<>();
    private final LinkedHashMap<IkeSaId, IkeSa> halfOpen = new LinkedHashMap<>();
    private final Map<Integer, ChildSa> inbound = new HashMap<>();
    private final Map<OutboundKey, ChildSa> outbound = new HashMap<>();

    /** The SA for a received header's cookies, including our initiations awaiting message 2. */
    public Optional<IkeSa> find(long initiatorCookie, long responderCookie) {
        IkeSa sa = byCookies.get(new IkeSaId(initiatorCookie, responderCookie));
        if (sa == null) {
            sa = initiatedPending.get(initiatorCookie);
        }
        return Optional.ofNullable(sa);
    }

    /** A responder SA already created for this initiator cookie and peer (duplicate message 1). */
    public Optional<IkeSa> findResponder(long initiatorCookie, InetAddress peer) {
        return Optional.ofNullable(responders.get(new ResponderKey(initiatorCookie, peer)));
    }

    public void addInitiator(IkeSa sa) {
        initiatedPending.put(sa.id().initiatorCookie(), sa);
    }

    /** Our initiation learnt the responder cookie. */
    public void responderCookieKnown(IkeSa sa) {
        initiatedPending.remove(sa.id().initiatorCookie());
        byCookies.put(sa.id(), sa);
    }

    /**
     * Adds a new half-open responder SA.
     *
     * @return the SA evicted to stay within {@code maxHalfOpen}, if any; the caller destroys it
     */
    public Optional<IkeSa> addResponder(IkeSa sa, int maxHalfOpen) {
        IkeSa evicted = null;
        if (halfOpen.size() >= maxHalfOpen) {
            Iterator<IkeSa> oldest = halfOpen.values().iterator();
            evicted = oldest.next();
            remove(evicted);
        }
        byCookies.put(sa.id(), sa);
        responders.put(new ResponderKey(sa.id().initiatorCookie(), sa.remote().getAddress()), sa);
        halfOpen.put(sa.id(), sa);
        return Optional.ofNullable(evicted);
    }

    /** Phase 1 completed: no longer counts as half-open. */
    public void established(IkeSa sa) {
        halfOpen.remove(sa.id());
    }

    /** Removes an IKE SA and its children from every index. */
    public void remove(IkeSa sa) {
        byCookies.remove(sa.id());
        halfOpen.remove(sa.id());
        if (initiatedPending.get(sa.id().initiatorCookie()) == sa) {
            initiatedPending.remove(sa.id().initiatorCookie());
        }
        responders.values().remove(sa);
        for (ChildSa c : sa.children()) {
            removeChild(c);
        }
    }

    public void addChild(ChildSa child) {
        inbound.put(child.spiIn(), child);
        outbound.put(new OutboundKey(child.spiOut(), child.remoteAddress()), child);
    }

    public void removeChild(ChildSa child) {
        inbound.remove(child.spiIn(), child);
        outbound.remove(new OutboundKey(child.spiOut(), child.remoteAddress()), child);
    }

    public Optional<ChildSa> childByInboundSpi(int spi) {
        return Optional.ofNullable(inbound.get(spi));
    }

    public Optional<ChildSa> childByOutboundSpi(int spi, InetAddress peer) {
        return Optional.ofNullable(outbound.get(new OutboundKey(spi, peer)));
    }

    /** A snapshot of every live IKE SA. */
    public List<IkeSa> ikeSas() {
        List<IkeSa> all = new ArrayList<>(byCookies.values());
        all.addAll(initiatedPending.values());
        return all;
    }

    public int halfOpenCount() {
        return halfOpen.size();
    }

    public int ikeSaCount() {
        return byCookies.size() + initiatedPending.size();
    }

    public int childSaCount() {
        return inbound.size();
    }
}
