package io.gatewise.agent.events;

import java.util.List;
import java.util.Objects;

/**
 * What was agreed, as an auditor needs it; for establishment and rekey events. Empty
 * strings mean "not applicable" (for example SPIs in Phase 1).
 *
 * @param mode "main", "aggressive" or "quick"
 * @param proposal the chosen proposal in strongSwan syntax, e.g. "aes128-sha256-modp2048"
 * @param dhGroup e.g. "MODP-2048"; empty for Quick Mode without PFS
 * @param authMethod "psk", "rsa-signature", "ecdsa-signature"; Phase 1 only
 * @param peerIdentity as received, e.g. "FQDN:branch-7.example.net"
 * @param peerCertificateSha256 lowercase hex of the peer certificate's DER; empty with PSK
 * @param natDetected NAT-D found a NAT between the peers (RFC 3947)
 * @param spiIn inbound SPI, 8 lowercase hex digits; Quick Mode only
 * @param spiOut outbound SPI
 * @param lifetimeSeconds 0 when none
 * @param lifetimeKilobytes 0 when none
 * @param localSelectors Quick Mode traffic selectors, e.g. "10.1.0.0/16"
 * @param remoteSelectors likewise
 * @param encapsulation "tunnel", "transport", "udp-tunnel", "udp-transport"
 */
public record NegotiatedSa(String mode, String proposal, String dhGroup, String authMethod, String peerIdentity,
        String peerCertificateSha256, boolean natDetected, String spiIn, String spiOut, long lifetimeSeconds,
        long lifetimeKilobytes, List<String> localSelectors, List<String> remoteSelectors, String encapsulation) {

    public NegotiatedSa {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(proposal, "proposal");
        Objects.requireNonNull(dhGroup, "dhGroup");
        Objects.requireNonNull(authMethod, "authMethod");
        Objects.requireNonNull(peerIdentity, "peerIdentity");
        Objects.requireNonNull(peerCertificateSha256, "peerCertificateSha256");
        Objects.requireNonNull(spiIn, "spiIn");
        Objects.requireNonNull(spiOut, "spiOut");
        localSelectors = List.copyOf(localSelectors);
        remoteSelectors = List.copyOf(remoteSelectors);
        Objects.requireNonNull(encapsulation, "encapsulation");
    }

    /** A Phase 1 result: no SPIs, no selectors. */
    public static NegotiatedSa phase1(String mode, String proposal, String dhGroup, String authMethod,
            String peerIdentity, String peerCertificateSha256, boolean natDetected, long lifetimeSeconds) {
        return new NegotiatedSa(mode, proposal, dhGroup, authMethod, peerIdentity, peerCertificateSha256, natDetected,
                "", "", lifetimeSeconds, 0, List.of(), List.of(), "");
    }

    /** A Quick Mode result. */
    public static NegotiatedSa quickMode(String proposal, String dhGroup, String spiIn, String spiOut,
            long lifetimeSeconds, long lifetimeKilobytes, List<String> localSelectors, List<String> remoteSelectors,
            String encapsulation, boolean natDetected) {
        return new NegotiatedSa("quick", proposal, dhGroup, "", "", "", natDetected, spiIn, spiOut, lifetimeSeconds,
                lifetimeKilobytes, localSelectors, remoteSelectors, encapsulation);
    }
}
