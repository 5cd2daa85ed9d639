package io.gatewise.server.config;

import java.util.List;
import java.util.Objects;

import io.gatewise.server.system.Secret;

/**
 * One IPsec tunnel of a gateway's desired config: a site-to-site peering, one child SA
 * per pair of local and remote subnets of the same IP version. Made by hand (the gateway
 * page) or compiled from a topology.
 *
 * @param name          unique within the gateway, stable across versions
 * @param remoteAddress IP address or DNS name of the peer's IKE endpoint
 * @param localSubnets  our protected subnets (CIDR); route-based: 0.0.0.0/0 and/or ::/0
 * @param remoteSubnets the peer's protected subnets (CIDR); route-based: as local
 * @param psk           pre-shared key (plain text in memory; sealed at rest; redacted in
 *                      toString); empty with certificate authentication
 * @param ikeProposals  IKE (phase 1) proposals, strongSwan syntax, in order of preference
 * @param espProposals  ESP (phase 2) proposals, strongSwan syntax, in order of preference
 * @param options       mode, authentication, identities, lifetimes, DPD, NAT-T, start
 *                      action, VPN type ({@link TunnelOptions#DEFAULTS} for hand-made tunnels)
 */
public record TunnelSpec(String name, String remoteAddress, List<String> localSubnets, List<String> remoteSubnets,
                         Secret psk, List<String> ikeProposals, List<String> espProposals, TunnelOptions options) {
    public TunnelSpec {
        localSubnets = List.copyOf(localSubnets);
        remoteSubnets = List.copyOf(remoteSubnets);
        ikeProposals = List.copyOf(ikeProposals);
        espProposals = List.copyOf(espProposals);
        Objects.requireNonNull(psk, "psk (empty with certificates)");
        Objects.requireNonNull(options, "options");
    }

    /** A tunnel with the foundation's settings ({@link TunnelOptions#DEFAULTS}): PSK, Main Mode, address ids. */
    public TunnelSpec(String name, String remoteAddress, List<String> localSubnets, List<String> remoteSubnets,
                      Secret psk, List<String> ikeProposals, List<String> espProposals) {
        this(name, remoteAddress, localSubnets, remoteSubnets, psk, ikeProposals, espProposals, TunnelOptions.DEFAULTS);
    }

    /** See {@link TunnelOptions#weaknesses()}. */
    public List<String> weaknesses() {
        return options.weaknesses();
    }
}
