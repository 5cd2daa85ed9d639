package io.gatewise.server.config;

import java.util.List;
import java.util.Objects;

/**
 * How a {@link TunnelSpec} negotiates, beyond peer, selectors, key and proposals: the
 * Phase 1 exchange and authentication, identities, lifetimes, Dead Peer Detection
 * (RFC 3706), NAT traversal (RFC 3947), who starts and the VPN style. Topology tunnels
 * get these from their policies; hand-made tunnels and configs stored before these
 * settings existed get {@link #DEFAULTS}, which is exactly what the foundation always
 * delivered (Main Mode, PSK, address identities, {@link TunnelDefaults}, NAT-T, start,
 * policy-based).
 *
 * @param localIdentity  our IKE identity; null: our public address
 * @param remoteIdentity the identity the peer must present; null: its address
 * @param ipsecLifetimeKilobytes 0: no volume limit
 * @param dpdDelaySeconds 0 disables Dead Peer Detection
 * @param routes         route-based tunnels: the prefixes routed into the tunnel interface
 */
public record TunnelOptions(IkeMode ikeMode, AuthMethod auth, TunnelIdentity localIdentity,
                            TunnelIdentity remoteIdentity, int ikeLifetimeSeconds, int ipsecLifetimeSeconds,
                            long ipsecLifetimeKilobytes, int dpdDelaySeconds, int dpdTimeoutSeconds,
                            DpdAction dpdAction, boolean natTraversal, boolean forceEncapsulation,
                            StartAction startAction, VpnType vpnType, List<String> routes) {

    /** The Phase 1 exchange (RFC 2409 section 5). */
    public enum IkeMode { MAIN, AGGRESSIVE }

    /**
     * Phase 1 authentication. {@link #CERTIFICATE}: signatures with the gateway's enrolled
     * certificate from the Gatewise CA (the agent's key decides RSA or ECDSA), the peer's
     * certificate checked against that CA.
     */
    public enum AuthMethod { PSK, CERTIFICATE }

    public enum DpdAction { RESTART, CLEAR, HOLD }

    /** START: negotiate at once and keep up; RESPOND: never initiate; ON_TRAFFIC: when traffic needs it. */
    public enum StartAction { START, RESPOND, ON_TRAFFIC }

    /** Policy-based: the selectors are the subnets. Route-based: 0/0 selectors plus routes. */
    public enum VpnType { POLICY_BASED, ROUTE_BASED }

    /** The foundation's behaviour, and that of every config stored before these options existed. */
    public static final TunnelOptions DEFAULTS = new TunnelOptions(IkeMode.MAIN, AuthMethod.PSK, null, null,
            TunnelDefaults.IKE_LIFETIME_SECONDS, TunnelDefaults.IPSEC_LIFETIME_SECONDS, 0,
            TunnelDefaults.DPD_DELAY_SECONDS, TunnelDefaults.DPD_TIMEOUT_SECONDS, DpdAction.RESTART, true, false,
            StartAction.START, VpnType.POLICY_BASED, List.of());

    public TunnelOptions {
        Objects.requireNonNull(ikeMode, "ikeMode");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(dpdAction, "dpdAction");
        Objects.requireNonNull(startAction, "startAction");
        Objects.requireNonNull(vpnType, "vpnType");
        routes = List.copyOf(routes);
        if (ikeLifetimeSeconds <= 0 || ipsecLifetimeSeconds <= 0 || ipsecLifetimeKilobytes < 0
                || dpdDelaySeconds < 0 || dpdTimeoutSeconds < 0) {
            throw new IllegalArgumentException("lifetimes must be positive, DPD times not negative");
        }
    }

    /**
     * Settings an operator should be warned about, in plain words (empty when none):
     * shown next to the tunnel wherever it is listed.
     */
    public List<String> weaknesses() {
        List<String> out = new java.util.ArrayList<>();
        if (ikeMode == IkeMode.AGGRESSIVE) {
            out.add(auth == AuthMethod.PSK
                    ? "Aggressive Mode with a pre-shared key: identities are sent in clear and the PSK hash is "
                            + "exposed to offline guessing (RFC 2409 section 5.4)"
                    : "Aggressive Mode: identities are sent in clear");
        }
        if (dpdDelaySeconds == 0) {
            out.add("Dead Peer Detection is off: a dead peer is only noticed when its SAs expire");
        }
        return List.copyOf(out);
    }
}
