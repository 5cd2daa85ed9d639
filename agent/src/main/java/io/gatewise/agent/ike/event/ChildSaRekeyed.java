package io.gatewise.agent.ike.event;

/**
 * A Quick Mode for the same selectors installed a new SA pair that replaces an older one
 * (make-before-break): outbound traffic moved to the new pair; the old inbound SA stays a
 * short while for packets in flight, then the old pair is deleted with a Delete payload.
 *
 * @param oldSpiIn  inbound SPI of the replaced pair, hex
 * @param spiIn     inbound SPI of the new pair, hex
 * @param byPeer    the peer started the Quick Mode
 */
public record ChildSaRekeyed(long timeMillis, String peer, String child, String ikeSa, String oldSpiIn,
        String oldSpiOut, String spiIn, String spiOut, boolean byPeer, long lifetimeSeconds) implements IkeEvent {

    @Override
    public String describe() {
        return "CHILD SA " + child + " with " + peer + " rekeyed" + (byPeer ? " by the peer" : "") + ": in "
                + oldSpiIn + " -> " + spiIn + ", out " + oldSpiOut + " -> " + spiOut + ", lifetime " + lifetimeSeconds
                + " s";
    }
}
