package io.gatewise.agent.ike.event;

/**
 * Phase 1 completed and authenticated.
 *
 * @param ikeSa     cookie pair, "icookie_rcookie" in hex
 * @param initiator we initiated
 * @param proposal  plain algorithm names, e.g. "AES-128/HMAC-SHA1/MODP-2048"
 * @param natT      traffic uses UDP 4500 (NAT detected or encapsulation forced)
 * @param mode      "main" or "aggressive"
 * @param authMethod how the peer authenticated: "psk", "rsa-sig", "ecdsa-256" ...
 * @param peerCertificateSha256 SHA-256 of the peer's certificate (lowercase hex), "" with PSK
 */
public record IkeSaEstablished(long timeMillis, String peer, String ikeSa, boolean initiator, String local,
        String remote, String localId, String remoteId, String proposal, long lifetimeSeconds, boolean natT,
        String mode, String authMethod, String peerCertificateSha256) implements IkeEvent {

    @Override
    public String describe() {
        return "IKE SA " + ikeSa + " with " + peer + " established (" + (initiator ? "initiator" : "responder")
                + ", " + local + " <-> " + remote + ", " + localId + " <-> " + remoteId + ", " + proposal
                + ", lifetime " + lifetimeSeconds + " s" + (natT ? ", NAT-T" : "") + ")";
    }
}
