package io.gatewise.agent.control;

import io.gatewise.proto.v1.AuthMethod;
import io.gatewise.proto.v1.Authentication;
import io.gatewise.proto.v1.ChildSa;
import io.gatewise.proto.v1.ConfigUpdate;
import io.gatewise.proto.v1.DpdAction;
import io.gatewise.proto.v1.EncapsulationMode;
import io.gatewise.proto.v1.GatewayConfig;
import io.gatewise.proto.v1.Identity;
import io.gatewise.proto.v1.IdentityType;
import io.gatewise.proto.v1.IkeMode;
import io.gatewise.proto.v1.IkeSettings;
import io.gatewise.proto.v1.IpsecProtocol;
import io.gatewise.proto.v1.IpsecSettings;
import io.gatewise.proto.v1.StartAction;
import io.gatewise.proto.v1.Tunnel;
import io.gatewise.proto.v1.VpnType;

/** Wire-form configs for tests. */
final class ProtoConfigs {
    static final String PSK = "interop-test-psk-0123456789";

    private ProtoConfigs() {
    }

    /** The interop psk-main tunnel with every field set to a non-default value. */
    static Tunnel pskMainTunnel(String name) {
        return Tunnel.newBuilder()
                .setName(name)
                .setRemoteAddress("192.0.2.1")
                .setLocalIdentity(Identity.newBuilder().setType(IdentityType.IDENTITY_TYPE_IPV4_ADDR).setValue("192.0.2.2"))
                .setRemoteIdentity(Identity.newBuilder().setType(IdentityType.IDENTITY_TYPE_IPV4_ADDR).setValue("192.0.2.1"))
                .setIke(IkeSettings.newBuilder().setMode(IkeMode.IKE_MODE_MAIN)
                        .addProposals("aes128-sha1-modp2048").addProposals("aes256-sha256-modp2048")
                        .setLifetimeSeconds(15840).setDpdDelaySeconds(30).setDpdTimeoutSeconds(120)
                        .setDpdAction(DpdAction.DPD_ACTION_RESTART).setNatTraversal(true).setForceEncapsulation(true))
                .setIpsec(IpsecSettings.newBuilder().setProtocol(IpsecProtocol.IPSEC_PROTOCOL_ESP)
                        .addProposals("aes128-sha1-modp2048").setMode(EncapsulationMode.ENCAPSULATION_MODE_TUNNEL)
                        .setLifetimeSeconds(3960).setLifetimeKilobytes(1_000_000).setReplayWindow(2048))
                .addChildren(ChildSa.newBuilder().setName("net").addLocalSelectors("10.2.0.0/24")
                        .addRemoteSelectors("10.1.0.0/24"))
                .setAuth(Authentication.newBuilder().setMethod(AuthMethod.AUTH_METHOD_PSK).setPreSharedKey(PSK))
                .setStartAction(StartAction.START_ACTION_START)
                .setVpnType(VpnType.VPN_TYPE_POLICY_BASED)
                .build();
    }

    static GatewayConfig gateway(String gatewayId, Tunnel... tunnels) {
        GatewayConfig.Builder b = GatewayConfig.newBuilder().setGatewayId(gatewayId).setGatewayName("right")
                .setLocalAddress("192.0.2.2");
        for (Tunnel t : tunnels) {
            b.addTunnels(t);
        }
        return b.build();
    }

    static ConfigUpdate update(long version, GatewayConfig config) {
        return ConfigUpdate.newBuilder().setVersion(version).setConfig(config).build();
    }
}
