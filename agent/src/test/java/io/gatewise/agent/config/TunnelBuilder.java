package io.gatewise.agent.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A valid tunnel (the interop psk-main one, seen from the right) whose fields tests change. */
final class TunnelBuilder {
    String name = "t1";
    String remoteAddress = "192.0.2.1";
    Optional<Identity> localIdentity = Optional.of(new Identity(Identity.Type.IPV4_ADDR, "192.0.2.2"));
    Optional<Identity> remoteIdentity = Optional.of(new Identity(Identity.Type.IPV4_ADDR, "192.0.2.1"));
    IkeSettings.Mode ikeMode = IkeSettings.Mode.MAIN;
    List<String> ikeProposals = List.of("aes128-sha1-modp2048");
    Duration ikeLifetime = IkeSettings.DEFAULT_LIFETIME;
    Duration dpdDelay = Duration.ZERO;
    Duration dpdTimeout = Duration.ZERO;
    boolean natTraversal = true;
    boolean forceEncapsulation;
    IpsecSettings.Protocol protocol = IpsecSettings.Protocol.ESP;
    List<String> ipsecProposals = List.of("aes128-sha1-modp2048");
    long replayWindow = IpsecSettings.DEFAULT_REPLAY_WINDOW;
    List<ChildConfig> children = new ArrayList<>(List.of(
            new ChildConfig("net", List.of("10.2.0.0/24"), List.of("10.1.0.0/24"))));
    Authentication auth = Authentication.psk("interop-test-psk-0123456789");
    TunnelConfig.StartAction startAction = TunnelConfig.StartAction.RESPOND;
    List<String> routes = List.of();
    TunnelConfig.VpnType vpnType = TunnelConfig.VpnType.POLICY_BASED;

    TunnelBuilder name(String n) {
        name = n;
        return this;
    }

    TunnelConfig build() {
        return new TunnelConfig(name, remoteAddress, localIdentity, remoteIdentity,
                new IkeSettings(ikeMode, ikeProposals, ikeLifetime, dpdDelay, dpdTimeout, IkeSettings.DpdAction.CLEAR,
                        natTraversal, forceEncapsulation),
                new IpsecSettings(protocol, ipsecProposals, IpsecSettings.Mode.TUNNEL, IpsecSettings.DEFAULT_LIFETIME,
                        0, replayWindow),
                children, auth, startAction, routes, vpnType);
    }

    AgentConfig gateway() {
        return new AgentConfig("gw-1", "right", Optional.of("192.0.2.2"), List.of(build()));
    }
}
