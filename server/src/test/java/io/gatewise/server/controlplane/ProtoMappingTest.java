package io.gatewise.server.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.gatewise.proto.v1.AuthMethod;
import io.gatewise.proto.v1.DpdAction;
import io.gatewise.proto.v1.EncapsulationMode;
import io.gatewise.proto.v1.IdentityType;
import io.gatewise.proto.v1.IkeMode;
import io.gatewise.proto.v1.IpsecProtocol;
import io.gatewise.proto.v1.StartAction;
import io.gatewise.proto.v1.Tunnel;
import io.gatewise.proto.v1.VpnType;
import io.gatewise.server.config.TunnelIdentity;
import io.gatewise.server.config.TunnelOptions;
import io.gatewise.server.config.TunnelSpec;
import io.gatewise.server.system.Secret;

class ProtoMappingTest {
    private static final String GATEWAY = "192.0.2.1";

    @Test
    void identityTypeFollowsTheAddressForm() {
        assertThat(ProtoMapping.identity("192.0.2.7").getType()).isEqualTo(IdentityType.IDENTITY_TYPE_IPV4_ADDR);
        assertThat(ProtoMapping.identity("2001:db8::7").getType()).isEqualTo(IdentityType.IDENTITY_TYPE_IPV6_ADDR);
        assertThat(ProtoMapping.identity("gw.example.net").getType()).isEqualTo(IdentityType.IDENTITY_TYPE_FQDN);
        assertThat(ProtoMapping.identity("gw.example.net").getValue()).isEqualTo("gw.example.net");
    }

    @Test
    void aHandMadeTunnelGetsTheFoundationsSettings() {
        Tunnel t = ProtoMapping.tunnel(GATEWAY, new TunnelSpec("hq", "198.51.100.7", List.of("10.1.0.0/24"),
                List.of("10.2.0.0/24", "fd00::/64"), Secret.of("k"), List.of("aes256-sha256-modp2048"),
                List.of("aes256-sha256")));
        assertThat(t.getIke().getMode()).isEqualTo(IkeMode.IKE_MODE_MAIN);
        assertThat(t.getIke().getLifetimeSeconds()).isEqualTo(28_800);
        assertThat(t.getIke().getDpdDelaySeconds()).isEqualTo(30);
        assertThat(t.getIke().getDpdTimeoutSeconds()).isEqualTo(150);
        assertThat(t.getIke().getDpdAction()).isEqualTo(DpdAction.DPD_ACTION_RESTART);
        assertThat(t.getIke().getNatTraversal()).isTrue();
        assertThat(t.getIpsec().getLifetimeSeconds()).isEqualTo(3_600);
        assertThat(t.getIpsec().getLifetimeKilobytes()).isZero();
        assertThat(t.getAuth().getMethod()).isEqualTo(AuthMethod.AUTH_METHOD_PSK);
        assertThat(t.getAuth().getPreSharedKey()).isEqualTo("k");
        assertThat(t.getLocalIdentity().getValue()).isEqualTo("192.0.2.1");
        assertThat(t.getRemoteIdentity().getValue()).isEqualTo("198.51.100.7");
        assertThat(t.getStartAction()).isEqualTo(StartAction.START_ACTION_START);
        assertThat(t.getVpnType()).isEqualTo(VpnType.VPN_TYPE_POLICY_BASED);
        assertThat(t.getChildrenList()).singleElement()
                .satisfies(c -> assertThat(c.getName()).isEqualTo("10.1.0.0/24--10.2.0.0/24"));
    }

    @Test
    void everyOptionReachesTheProto() {
        TunnelOptions o = new TunnelOptions(TunnelOptions.IkeMode.AGGRESSIVE, TunnelOptions.AuthMethod.CERTIFICATE,
                new TunnelIdentity(TunnelIdentity.Type.DER_ASN1_DN, "CN=0f0e0d0c-0000-4000-8000-00000000000a"),
                new TunnelIdentity(TunnelIdentity.Type.USER_FQDN, "peer@example.net"), 7_200, 1_200, 4_000_000L,
                20, 90, TunnelOptions.DpdAction.HOLD, true, true, TunnelOptions.StartAction.ON_TRAFFIC,
                TunnelOptions.VpnType.ROUTE_BASED, List.of("10.2.0.0/24", "10.3.0.0/16"));
        Tunnel t = ProtoMapping.tunnel(GATEWAY, new TunnelSpec("a--b", "192.0.2.2", List.of("0.0.0.0/0"),
                List.of("0.0.0.0/0"), Secret.of(""), List.of("aes256-sha256-ecp256"), List.of("aes256gcm16-ecp256"),
                o));
        assertThat(t.getIke().getMode()).isEqualTo(IkeMode.IKE_MODE_AGGRESSIVE);
        assertThat(t.getIke().getProposalsList()).containsExactly("aes256-sha256-ecp256");
        assertThat(t.getIke().getLifetimeSeconds()).isEqualTo(7_200);
        assertThat(t.getIke().getDpdDelaySeconds()).isEqualTo(20);
        assertThat(t.getIke().getDpdTimeoutSeconds()).isEqualTo(90);
        assertThat(t.getIke().getDpdAction()).isEqualTo(DpdAction.DPD_ACTION_HOLD);
        assertThat(t.getIke().getNatTraversal()).isTrue();
        assertThat(t.getIke().getForceEncapsulation()).isTrue();
        assertThat(t.getIpsec().getProtocol()).isEqualTo(IpsecProtocol.IPSEC_PROTOCOL_ESP);
        assertThat(t.getIpsec().getMode()).isEqualTo(EncapsulationMode.ENCAPSULATION_MODE_TUNNEL);
        assertThat(t.getIpsec().getLifetimeSeconds()).isEqualTo(1_200);
        assertThat(t.getIpsec().getLifetimeKilobytes()).isEqualTo(4_000_000L);
        assertThat(t.getAuth().getMethod()).isEqualTo(AuthMethod.AUTH_METHOD_ECDSA_SIGNATURE);
        assertThat(t.getAuth().getPreSharedKey()).isEmpty();
        assertThat(t.getAuth().getTrustedCaPem()).as("empty: the Gatewise CA pinned at enrollment").isEmpty();
        assertThat(t.getLocalIdentity().getType()).isEqualTo(IdentityType.IDENTITY_TYPE_DER_ASN1_DN);
        assertThat(t.getLocalIdentity().getValue()).isEqualTo("CN=0f0e0d0c-0000-4000-8000-00000000000a");
        assertThat(t.getRemoteIdentity().getType()).isEqualTo(IdentityType.IDENTITY_TYPE_USER_FQDN);
        assertThat(t.getRemoteIdentity().getValue()).isEqualTo("peer@example.net");
        assertThat(t.getStartAction()).isEqualTo(StartAction.START_ACTION_ON_TRAFFIC);
        assertThat(t.getVpnType()).isEqualTo(VpnType.VPN_TYPE_ROUTE_BASED);
        assertThat(t.getRoutesList()).containsExactly("10.2.0.0/24", "10.3.0.0/16");
        assertThat(t.getChildrenList()).singleElement().satisfies(c -> {
            assertThat(c.getLocalSelectorsList()).containsExactly("0.0.0.0/0");
            assertThat(c.getRemoteSelectorsList()).containsExactly("0.0.0.0/0");
        });
        for (TunnelOptions.StartAction a : TunnelOptions.StartAction.values()) {
            assertThat(ProtoMapping.tunnel(GATEWAY, new TunnelSpec("x", "192.0.2.2", List.of(), List.of(),
                    Secret.of("k"), List.of(), List.of(), withStart(a))).getStartAction().name()).endsWith(a.name());
        }
        for (TunnelIdentity.Type type : TunnelIdentity.Type.values()) {
            assertThat(ProtoMapping.identity(new TunnelIdentity(type, "v")).getType().name()).endsWith(type.name());
        }
    }

    private static TunnelOptions withStart(TunnelOptions.StartAction a) {
        TunnelOptions d = TunnelOptions.DEFAULTS;
        return new TunnelOptions(d.ikeMode(), d.auth(), d.localIdentity(), d.remoteIdentity(), d.ikeLifetimeSeconds(),
                d.ipsecLifetimeSeconds(), d.ipsecLifetimeKilobytes(), d.dpdDelaySeconds(), d.dpdTimeoutSeconds(),
                d.dpdAction(), d.natTraversal(), d.forceEncapsulation(), a, d.vpnType(), d.routes());
    }
}
