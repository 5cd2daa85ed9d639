package io.gatewise.agent.ike.event;

/**
 * A Quick Mode completed and both directions were handed to the datapath.
 *
 * @param child     the configured child name
 * @param spiIn     the SPI we receive with (we chose it), hex
 * @param spiOut    the SPI we send with (the peer chose it), hex
 * @param proposal  e.g. "ESP AES-128/HMAC-SHA1-96/MODP-2048"
 * @param mode      "tunnel", "udp-encapsulated tunnel", ...
 */
public record ChildSaEstablished(long timeMillis, String peer, String child, String ikeSa, String spiIn,
        String spiOut, String proposal, String mode, String localTs, String remoteTs, long lifetimeSeconds)
        implements IkeEvent {

    @Override
    public String describe() {
        return "CHILD SA " + child + " with " + peer + " installed: in " + spiIn + ", out " + spiOut + ", "
                + proposal + ", " + mode + ", " + localTs + " <-> " + remoteTs + ", lifetime " + lifetimeSeconds
                + " s";
    }
}
