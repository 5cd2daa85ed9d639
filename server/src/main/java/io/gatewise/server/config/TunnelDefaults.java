package io.gatewise.server.config;

/**
 * The settings every tunnel gets until the transform-policy model (a later issue) lets
 * admins choose them. Values follow common IKEv1 practice: an IKE SA lives longer than
 * its IPsec SAs, DPD (RFC 3706) notices a dead peer within about two and a half minutes.
 */
public final class TunnelDefaults {
    /** Phase 1 (ISAKMP SA) lifetime. */
    public static final int IKE_LIFETIME_SECONDS = 28_800;
    /** Phase 2 (IPsec SA) lifetime. */
    public static final int IPSEC_LIFETIME_SECONDS = 3_600;
    /** R-U-THERE after this much idle time (RFC 3706 section 5.3). */
    public static final int DPD_DELAY_SECONDS = 30;
    /** Peer declared dead after this long without an answer. */
    public static final int DPD_TIMEOUT_SECONDS = 150;

    private TunnelDefaults() {
    }
}
