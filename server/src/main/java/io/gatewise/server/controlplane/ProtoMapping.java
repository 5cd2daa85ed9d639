package io.gatewise.server.controlplane;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

import io.gatewise.proto.v1.AuthMethod;
import io.gatewise.proto.v1.Authentication;
import io.gatewise.proto.v1.ChildSa;
import io.gatewise.proto.v1.ConfigUpdate;
import io.gatewise.proto.v1.DpdAction;
import io.gatewise.proto.v1.EncapsulationMode;
import io.gatewise.proto.v1.EnrollResponse;
import io.gatewise.proto.v1.GatewayConfig;
import io.gatewise.proto.v1.Identity;
import io.gatewise.proto.v1.IdentityType;
import io.gatewise.proto.v1.IkeMode;
import io.gatewise.proto.v1.IkeSettings;
import io.gatewise.proto.v1.IpsecProtocol;
import io.gatewise.proto.v1.IpsecSettings;
import io.gatewise.proto.v1.ServerMessage;
import io.gatewise.proto.v1.StartAction;
import io.gatewise.proto.v1.Tunnel;
import io.gatewise.proto.v1.VpnType;
import io.gatewise.server.config.DesiredConfig;
import io.gatewise.server.config.TunnelDefaults;
import io.gatewise.server.config.TunnelSpec;
import io.gatewise.server.enrollment.EnrollmentResult;
import io.gatewise.server.gateway.Gateway;
import io.gatewise.server.pki.Pem;
import io.gatewise.server.system.InetSyntax;

/**
 * The one place where server domain types become {@code gatewise.v1} protobuf messages.
 * Nothing outside this package sees a protobuf class, and nothing here makes decisions
 * beyond the mapping itself.
 */
final class ProtoMapping {
    private ProtoMapping() {
    }

    static EnrollResponse enrollResponse(EnrollmentResult result) {
        return EnrollResponse.newBuilder()
                .setGatewayId(result.gatewayId().toString())
                .setCertificatePem(Pem.encode(result.certificate()))
                .setCaChainPem(Pem.encode(result.caCertificate()))
                .build();
    }

    static ServerMessage configUpdate(Gateway gateway, DesiredConfig config) {
        return ServerMessage.newBuilder()
                .setConfigUpdate(ConfigUpdate.newBuilder()
                        .setVersion(config.version())
                        .setConfig(gatewayConfig(gateway, config)))
                .build();
    }

    static GatewayConfig gatewayConfig(Gateway gateway, DesiredConfig config) {
        GatewayConfig.Builder builder = GatewayConfig.newBuilder()
                .setGatewayId(gateway.getId().toString())
                .setGatewayName(gateway.getName())
                // The public address may be a NAT's; IKE binds to any local address.
                .setLocalAddress("");
        config.tunnels().forEach(t -> builder.addTunnels(tunnel(gateway, t)));
        return builder.build();
    }

    /**
     * A pre-shared-key, policy-based tunnel. IKEv1 quick mode negotiates one pair of
     * traffic selectors per IPsec SA (RFC 2409 section 5.5), so every local/remote subnet
     * pair of the same IP version becomes its own child SA.
     */
    static Tunnel tunnel(Gateway gateway, TunnelSpec spec) {
        Tunnel.Builder tunnel = Tunnel.newBuilder()
                .setName(spec.name())
                .setRemoteAddress(spec.remoteAddress())
                .setLocalIdentity(identity(gateway.getPublicAddress()))
                .setRemoteIdentity(identity(spec.remoteAddress()))
                .setIke(IkeSettings.newBuilder()
                        .setMode(IkeMode.IKE_MODE_MAIN)
                        .addAllProposals(spec.ikeProposals())
                        .setLifetimeSeconds(TunnelDefaults.IKE_LIFETIME_SECONDS)
                        .setDpdDelaySeconds(TunnelDefaults.DPD_DELAY_SECONDS)
                        .setDpdTimeoutSeconds(TunnelDefaults.DPD_TIMEOUT_SECONDS)
                        .setDpdAction(DpdAction.DPD_ACTION_RESTART)
                        .setNatTraversal(true))
                .setIpsec(IpsecSettings.newBuilder()
                        .setProtocol(IpsecProtocol.IPSEC_PROTOCOL_ESP)
                        .addAllProposals(spec.espProposals())
                        .setMode(EncapsulationMode.ENCAPSULATION_MODE_TUNNEL)
                        .setLifetimeSeconds(TunnelDefaults.IPSEC_LIFETIME_SECONDS))
                .setAuth(Authentication.newBuilder()
                        .setMethod(AuthMethod.AUTH_METHOD_PSK)
                        .setPreSharedKey(spec.psk().reveal()))
                .setStartAction(StartAction.START_ACTION_START)
                .setVpnType(VpnType.VPN_TYPE_POLICY_BASED);
        for (String local : spec.localSubnets()) {
            for (String remote : spec.remoteSubnets()) {
                if (local.contains(":") == remote.contains(":")) {
                    tunnel.addChildren(ChildSa.newBuilder()
                            .setName(local + "--" + remote)
                            .addLocalSelectors(local)
                            .addRemoteSelectors(remote));
                }
            }
        }
        return tunnel.build();
    }

    /** ID payload type for an address or name (RFC 2407 section 4.6.2.1). */
    static Identity identity(String hostOrAddress) {
        Optional<InetAddress> ip = InetSyntax.parseIpLiteral(hostOrAddress);
        IdentityType type = ip.isEmpty() ? IdentityType.IDENTITY_TYPE_FQDN
                : ip.get() instanceof Inet6Address ? IdentityType.IDENTITY_TYPE_IPV6_ADDR
                : IdentityType.IDENTITY_TYPE_IPV4_ADDR;
        return Identity.newBuilder().setType(type).setValue(hostOrAddress).build();
    }
}
