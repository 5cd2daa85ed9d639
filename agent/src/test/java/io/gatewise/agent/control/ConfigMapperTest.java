package io.gatewise.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewise.agent.config.AgentConfig;
import io.gatewise.agent.config.Authentication;
import io.gatewise.agent.config.ConfigRejectedException;
import io.gatewise.agent.config.ConfigValidator;
import io.gatewise.agent.config.IkeSettings;
import io.gatewise.agent.config.IpsecSettings;
import io.gatewise.agent.config.TunnelConfig;
import io.gatewise.proto.v1.AuthMethod;
import io.gatewise.proto.v1.GatewayConfig;
import io.gatewise.proto.v1.Identity;
import io.gatewise.proto.v1.IdentityType;
import io.gatewise.proto.v1.Tunnel;
import io.gatewise.proto.v1.VpnType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigMapperTest {

    @Test
    void roundTripKeepsEveryField() throws ConfigRejectedException {
        GatewayConfig proto = ProtoConfigs.gateway("gw-1", ProtoConfigs.pskMainTunnel("a"),
                ProtoConfigs.pskMainTunnel("b").toBuilder()
                        .setVpnType(VpnType.VPN_TYPE_ROUTE_BASED).addRoutes("10.9.0.0/24")
                        .setLocalIdentity(Identity.newBuilder().setType(IdentityType.IDENTITY_TYPE_DER_ASN1_DN)
                                .setValue("CN=b,O=Gatewise"))
                        .setAuth(io.gatewise.proto.v1.Authentication.newBuilder()
                                .setMethod(AuthMethod.AUTH_METHOD_ECDSA_SIGNATURE).setTrustedCaPem(""))
                        .build());
        AgentConfig config = ConfigMapper.toDomain(proto);
        assertThat(ConfigMapper.toProto(config)).isEqualTo(proto);
        assertThat(ConfigValidator.validate(config)).isEmpty();
    }

    @Test
    void mapsValuesIntoTheDomain() throws ConfigRejectedException {
        TunnelConfig t = ConfigMapper.toDomain(ProtoConfigs.gateway("gw-1", ProtoConfigs.pskMainTunnel("a")))
                .tunnel("a").orElseThrow();
        assertThat(t.ike().lifetime()).isEqualTo(Duration.ofSeconds(15840));
        assertThat(t.ike().dpdAction()).isEqualTo(IkeSettings.DpdAction.RESTART);
        assertThat(t.ipsec().replayWindow()).isEqualTo(2048);
        assertThat(t.localIdentity()).hasValueSatisfying(id -> assertThat(id.value()).isEqualTo("192.0.2.2"));
        assertThat(t.auth().method()).isEqualTo(Authentication.Method.PSK);
        assertThat(t.auth().preSharedKey().orElseThrow().reveal()).isEqualTo(ProtoConfigs.PSK);
        assertThat(t.children().get(0).localRanges().get(0)).hasToString("10.2.0.0/24");
        assertThat(t.toString()).doesNotContain(ProtoConfigs.PSK);
    }

    @Test
    void unsetFieldsTakeTheDocumentedDefaults() throws ConfigRejectedException {
        Tunnel minimal = Tunnel.newBuilder().setName("m").setRemoteAddress("192.0.2.1")
                .setIke(io.gatewise.proto.v1.IkeSettings.newBuilder().addProposals("aes128-sha1-modp2048")
                        .setDpdDelaySeconds(10))
                .setIpsec(io.gatewise.proto.v1.IpsecSettings.newBuilder().addProposals("aes128-sha1"))
                .setAuth(io.gatewise.proto.v1.Authentication.newBuilder().setMethod(AuthMethod.AUTH_METHOD_PSK)
                        .setPreSharedKey("k"))
                .build();
        AgentConfig config = ConfigMapper.toDomain(GatewayConfig.newBuilder().addTunnels(minimal).build());
        TunnelConfig t = config.tunnels().get(0);
        assertThat(config.localAddress()).isEmpty();
        assertThat(t.localIdentity()).isEmpty();
        assertThat(t.remoteIdentity()).isEmpty();
        assertThat(t.startAction()).isEqualTo(TunnelConfig.StartAction.RESPOND);
        assertThat(t.vpnType()).isEqualTo(TunnelConfig.VpnType.POLICY_BASED);
        assertThat(t.ike().mode()).isEqualTo(IkeSettings.Mode.MAIN);
        assertThat(t.ike().lifetime()).isEqualTo(IkeSettings.DEFAULT_LIFETIME);
        assertThat(t.ike().dpdTimeout()).isEqualTo(IkeSettings.DEFAULT_DPD_TIMEOUT);
        assertThat(t.ike().dpdAction()).isEqualTo(IkeSettings.DpdAction.CLEAR);
        assertThat(t.ipsec().protocol()).isEqualTo(IpsecSettings.Protocol.ESP);
        assertThat(t.ipsec().mode()).isEqualTo(IpsecSettings.Mode.TUNNEL);
        assertThat(t.ipsec().lifetime()).isEqualTo(IpsecSettings.DEFAULT_LIFETIME);
        assertThat(t.ipsec().replayWindow()).isEqualTo(IpsecSettings.DEFAULT_REPLAY_WINDOW);
        assertThat(ConfigValidator.validate(config)).containsExactly(
                "tunnel m: no child SAs: a tunnel needs at least one pair of traffic selectors");
    }

    @Test
    void unknownEnumNumbersAndMissingMethodAreReportedNotGuessed() {
        Tunnel t = ProtoConfigs.pskMainTunnel("a").toBuilder()
                .setIke(ProtoConfigs.pskMainTunnel("a").getIke().toBuilder().setModeValue(7))
                .setStartActionValue(42)
                .setRemoteIdentity(Identity.newBuilder().setValue("192.0.2.1"))
                .setAuth(io.gatewise.proto.v1.Authentication.newBuilder().setPreSharedKey("k"))
                .build();
        assertThatThrownBy(() -> ConfigMapper.toDomain(ProtoConfigs.gateway("gw", t)))
                .isInstanceOfSatisfying(ConfigRejectedException.class, e -> assertThat(e.problems()).containsExactly(
                        "tunnel a: ike.mode has unknown value 7 (is this agent older than the server?)",
                        "tunnel a: remote identity '192.0.2.1' has no type",
                        "tunnel a: authentication method is not set (PSK, RSA_SIGNATURE or ECDSA_SIGNATURE)",
                        "tunnel a: start_action has unknown value 42 (is this agent older than the server?)"));
    }
}
