package io.gatewise.server.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.gatewise.agent.config.AgentConfig;
import io.gatewise.agent.config.ChildConfig;
import io.gatewise.agent.config.ConfigRejectedException;
import io.gatewise.agent.config.TunnelConfig;
import io.gatewise.agent.control.ConfigMapper;
import io.gatewise.proto.v1.AuthMethod;
import io.gatewise.proto.v1.ChildSa;
import io.gatewise.proto.v1.DpdAction;
import io.gatewise.proto.v1.EncapsulationMode;
import io.gatewise.proto.v1.GatewayConfig;
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
import io.gatewise.server.topology.CompiledTunnels;
import io.gatewise.server.topology.compiler.Compilation;
import io.gatewise.server.topology.compiler.CompiledTunnel;
import io.gatewise.server.topology.compiler.ExternalPeer;
import io.gatewise.server.topology.compiler.GatewaySpec;
import io.gatewise.server.topology.compiler.IkePolicy;
import io.gatewise.server.topology.compiler.IpsecPolicy;
import io.gatewise.server.topology.compiler.LinkKey;
import io.gatewise.server.topology.compiler.PskTable;
import io.gatewise.server.topology.compiler.TopologyCompiler;
import io.gatewise.server.topology.compiler.TopologyModel;
import io.gatewise.server.topology.compiler.TopologySpec;
import io.gatewise.server.topology.compiler.TopologyValidator;

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

    /**
     * A compiled dual-stack topology, mapped as the control plane sends it, through the
     * agent's own mapping and validation ({@link ConfigMapper#toValidDomain}, what the agent
     * runs before it acks a config): every gateway's config is accepted, IPv6 selectors
     * only ever paired with IPv6 ones, also next to an IPv4-only spoke and partner.
     */
    @Test
    void aCompiledDualStackTopologyIsAcceptedByTheAgent() throws Exception {
        IkePolicy ike = new IkePolicy("modern", IkePolicy.Mode.MAIN, List.of("aes256-sha256-ecp256"),
                IkePolicy.Auth.PSK, 28_800, 30, 150, IkePolicy.DpdAction.RESTART, true, false);
        IpsecPolicy esp = new IpsecPolicy("modern", IpsecPolicy.Protocol.ESP, List.of("aes256gcm16-ecp256"), 3_600,
                0, IpsecPolicy.Encapsulation.TUNNEL, false);
        List<GatewaySpec> gateways = List.of(
                new GatewaySpec("hub", "192.0.2.1", false, List.of("10.0.0.0/24", "2001:db8::/64"), null, Set.of()),
                new GatewaySpec("s1", "192.0.2.2", false, List.of("10.1.0.0/24", "2001:db8:1::/64"), null, Set.of()),
                new GatewaySpec("s2", "192.0.2.3", false, List.of("10.2.0.0/24"), null, Set.of()),
                new GatewaySpec("s3", "2001:db8:ffff::3", false, List.of("2001:db8:3::/64"), null, Set.of()));
        ExternalPeer partner = new ExternalPeer("partner", "198.51.100.7", null, List.of("172.16.0.0/24"),
                IkePolicy.Mode.MAIN, IkePolicy.Auth.PSK, List.of("aes256-sha256-ecp256"), IpsecPolicy.Protocol.ESP,
                List.of("aes256gcm16-ecp256"), null, List.of(), false);
        List<TopologySpec> topologies = List.of(
                new TopologySpec("hs", TopologySpec.Kind.HUB_AND_SPOKE, TopologySpec.VpnType.POLICY_BASED,
                        Set.of("hub", "s1", "s2", "s3"), Set.of(), List.of("hub"), TopologySpec.SpokeToSpoke.VIA_HUB,
                        List.of(), "modern", "modern", List.of()),
                new TopologySpec("x", TopologySpec.Kind.EXPLICIT, TopologySpec.VpnType.POLICY_BASED, Set.of(),
                        Set.of(), List.of(), TopologySpec.SpokeToSpoke.NONE,
                        List.of(new TopologySpec.Link("s1", "partner")), "modern", "modern", List.of()));
        TopologyModel draft = new TopologyModel(gateways, List.of(ike), List.of(esp), List.of(partner), topologies,
                PskTable.empty());
        Map<LinkKey, Secret> psks = new HashMap<>();
        TopologyCompiler.linksNeedingPsk(draft).forEach(k -> psks.put(k, Secret.of("psk-of-" + k.tunnelName())));
        TopologyModel model = new TopologyModel(gateways, List.of(ike), List.of(esp), List.of(partner), topologies,
                PskTable.of(psks));
        assertThat(TopologyValidator.errors(TopologyValidator.validate(model))).isEmpty();
        Compilation compiled = TopologyCompiler.compile(model);

        int v6Children = 0;
        for (GatewaySpec g : gateways) {
            GatewayConfig.Builder proto = GatewayConfig.newBuilder().setGatewayId(UUID.randomUUID().toString())
                    .setGatewayName(g.name()).setLocalAddress("");
            compiled.config(g.name()).tunnels().forEach(t -> proto.addTunnels(
                    ProtoMapping.tunnel(g.address(), CompiledTunnels.toTunnelSpec(t))));
            AgentConfig accepted = ConfigMapper.toValidDomain(proto.build()); // throws with the agent's reasons
            for (TunnelConfig t : accepted.tunnels()) {
                for (ChildConfig c : t.children()) {
                    boolean v6 = c.localSelectors().get(0).contains(":");
                    assertThat(c.remoteSelectors()).as(g.name() + " " + t.name() + " " + c.name())
                            .allMatch(r -> r.contains(":") == v6);
                    v6Children += v6 ? 1 : 0;
                }
            }
        }
        assertThat(v6Children).as("IPv6 children exist, so the IPv6 path was exercised").isPositive();
        // s2 is IPv4-only: its tunnel has IPv4 children only, and the compiler says why
        CompiledTunnel s2 = compiled.config("s2").tunnels().get(0);
        assertThat(s2.children()).allMatch(c -> !c.localSelectors().get(0).contains(":"));
        assertThat(s2.notes()).singleElement().asString().contains("No IPv6 child SA between 'hub' and 's2'");

        // the control: the agent does refuse a child whose IPv6 selector has no IPv6 partner
        Tunnel mixed = ProtoMapping.tunnel(GATEWAY, new TunnelSpec("mixed", "198.51.100.7", List.of("10.1.0.0/24"),
                List.of("10.2.0.0/24"), Secret.of("0123456789abcdef"), List.of("aes256-sha256-ecp256"),
                List.of("aes256gcm16-ecp256"))).toBuilder()
                .addChildren(ChildSa.newBuilder().setName("bad").addLocalSelectors("2001:db8:1::/64")
                        .addRemoteSelectors("10.9.0.0/24")).build();
        assertThatThrownBy(() -> ConfigMapper.toValidDomain(GatewayConfig.newBuilder()
                .setGatewayId(UUID.randomUUID().toString()).setGatewayName("g").addTunnels(mixed).build()))
                .isInstanceOfSatisfying(ConfigRejectedException.class, e -> assertThat(e.problems())
                        .anyMatch(p -> p.contains("must be of the same address family")));
    }

    private static TunnelOptions withStart(TunnelOptions.StartAction a) {
        TunnelOptions d = TunnelOptions.DEFAULTS;
        return new TunnelOptions(d.ikeMode(), d.auth(), d.localIdentity(), d.remoteIdentity(), d.ikeLifetimeSeconds(),
                d.ipsecLifetimeSeconds(), d.ipsecLifetimeKilobytes(), d.dpdDelaySeconds(), d.dpdTimeoutSeconds(),
                d.dpdAction(), d.natTraversal(), d.forceEncapsulation(), a, d.vpnType(), d.routes());
    }
}
