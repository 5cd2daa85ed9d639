package io.gatewise.server.topology.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.gatewise.server.system.Secret;
import io.gatewise.server.topology.compiler.CompiledTunnel.StartAction;

class TopologyCompilerTest {

    private static Compilation compileValid(TopologyModel model) {
        assertThat(TopologyValidator.errors(TopologyValidator.validate(model))).isEmpty();
        Compilation c = TopologyCompiler.compile(model);
        assertThat(Preflight.check(c)).isEmpty();
        return c;
    }

    @Test
    void fullMeshGivesEveryMemberATunnelToEveryOther() {
        TopologyModel model = new Models().gateway("a", "192.0.2.1", "10.1.0.0/24").gateway("b", "192.0.2.2", "10.2.0.0/24")
                .gateway("c", "192.0.2.3", "10.3.0.0/24").topology(Models.mesh("mesh", Set.of("a", "b", "c"))).build();
        Compilation c = compileValid(model);
        assertThat(c.config("a").tunnels()).extracting(CompiledTunnel::name).containsExactly("a--b", "a--c");
        assertThat(c.config("c").tunnels()).extracting(CompiledTunnel::name).containsExactly("a--c", "b--c");
        CompiledTunnel ab = c.config("a").tunnels().get(0);
        assertThat(ab.remoteAddress()).isEqualTo("192.0.2.2");
        assertThat(ab.localIdentity()).isEqualTo(new Identity(Identity.Type.IPV4_ADDR, "192.0.2.1"));
        assertThat(ab.children()).singleElement().satisfies(ch -> {
            assertThat(ch.localSelectors()).containsExactly("10.1.0.0/24");
            assertThat(ch.remoteSelectors()).containsExactly("10.2.0.0/24");
        });
        assertThat(ab.ike().proposals()).containsExactly("aes256-sha256-ecp256");
        assertThat(ab.ipsec().proposals()).containsExactly("aes256gcm16-ecp256");
        assertThat(ab.psk().reveal()).isEqualTo("psk-of-a--b");
        // one initiator per link, so that crossing negotiations do not build every SA twice
        assertThat(ab.startAction()).isEqualTo(StartAction.START);
        assertThat(c.config("b").tunnels().get(0).startAction()).as("b's end of a--b").isEqualTo(StartAction.RESPOND);
        assertThat(c.config("c").tunnels()).extracting(CompiledTunnel::startAction)
                .containsExactly(StartAction.RESPOND, StartAction.RESPOND);
        assertThat(c.tunnelCount()).isEqualTo(6);
    }

    @Test
    void membershipByTagPicksUpNewGateways() {
        Models m = new Models();
        m.gateway(new GatewaySpec("dc", "192.0.2.1", false, List.of("10.0.0.0/16"), null, Set.of()));
        m.gateway(new GatewaySpec("b1", "192.0.2.11", false, List.of("10.11.0.0/24"), null, Set.of("branch")));
        m.gateway(new GatewaySpec("b2", "b2.example.net", true, List.of("10.12.0.0/24"), null, Set.of("branch")));
        m.gateway(new GatewaySpec("lab", "192.0.2.99", false, List.of("10.99.0.0/24"), null, Set.of("lab")));
        m.topology(new TopologySpec("branches", TopologySpec.Kind.HUB_AND_SPOKE, TopologySpec.VpnType.POLICY_BASED,
                Set.of(), Set.of("branch"), List.of("dc"), TopologySpec.SpokeToSpoke.NONE, List.of(), "modern", "modern",
                List.of()));
        Compilation c = compileValid(m.build());
        assertThat(c.config("dc").tunnels()).extracting(CompiledTunnel::peer).containsExactly("b1", "b2");
        assertThat(c.config("lab").tunnels()).isEmpty();
        CompiledTunnel b2 = c.config("b2").tunnels().get(0);
        assertThat(b2.localIdentity()).isEqualTo(new Identity(Identity.Type.FQDN, "b2.example.net"));
        assertThat(b2.startAction()).as("behind NAT: must initiate").isEqualTo(StartAction.START);
        assertThat(c.config("dc").tunnels().get(0).startAction()).as("hub responds").isEqualTo(StartAction.RESPOND);
        assertThat(c.config("b1").tunnels()).extracting(CompiledTunnel::peer).containsExactly("dc");
    }

    @Test
    void hubAndSpokeViaHubCarriesTheOtherSpokesSubnetsThroughThePrimaryHub() {
        TopologyModel model = new Models().gateway("hub", "192.0.2.1", "10.0.0.0/24").gateway("s1", "192.0.2.2", "10.1.0.0/24")
                .gateway("s2", "192.0.2.3", "10.2.0.0/24")
                .topology(Models.hub("hs", List.of("hub"), Set.of("s1", "s2"), TopologySpec.SpokeToSpoke.VIA_HUB)).build();
        Compilation c = compileValid(model);
        CompiledTunnel s1 = c.config("s1").tunnels().get(0);
        assertThat(s1.children()).extracting(ch -> ch.remoteSelectors().get(0)).containsExactly("10.0.0.0/24", "10.2.0.0/24");
        assertThat(c.config("s1").tunnels()).hasSize(1);
        CompiledTunnel hubToS1 = c.config("hub").tunnels().get(0);
        assertThat(hubToS1.children()).extracting(ch -> ch.localSelectors().get(0)).containsExactly("10.0.0.0/24", "10.2.0.0/24");
    }

    @Test
    void hubAndSpokeDirectAddsSpokeToSpokeTunnelsAndHubsMesh() {
        TopologyModel model = new Models().gateway("h1", "192.0.2.1", "10.0.0.0/24").gateway("h2", "192.0.2.4", "10.0.1.0/24")
                .gateway("s1", "192.0.2.2", "10.1.0.0/24").gateway("s2", "192.0.2.3", "10.2.0.0/24")
                .topology(Models.hub("hs", List.of("h1", "h2"), Set.of("s1", "s2"), TopologySpec.SpokeToSpoke.DIRECT)).build();
        Compilation c = compileValid(model);
        assertThat(c.config("s1").tunnels()).extracting(CompiledTunnel::peer).containsExactly("h1", "h2", "s2");
        assertThat(c.config("h1").tunnels()).extracting(CompiledTunnel::peer).containsExactly("h2", "s1", "s2");
    }

    @Test
    void explicitLinkToAnExternalPeerCompilesOnlyTheGatewaySide() {
        Models m = new Models().gateway("a", "192.0.2.1", "10.1.0.0/24");
        m.externals.add(new ExternalPeer("partner", "198.51.100.7", null, List.of("172.16.0.0/24"), IkePolicy.Mode.MAIN,
                IkePolicy.Auth.PSK, List.of("aes128-sha1-modp2048", "aes256-sha256-ecp256"), IpsecPolicy.Protocol.ESP,
                List.of("aes256gcm16-ecp256"), null, List.of(), false));
        m.topology(Models.explicit("partner-link", new TopologySpec.Link("a", "partner")));
        Compilation c = compileValid(m.build());
        assertThat(c.configs().keySet()).containsExactly("a");
        CompiledTunnel t = c.config("a").tunnels().get(0);
        assertThat(t.name()).isEqualTo("a--partner");
        assertThat(t.peerExternal()).isTrue();
        assertThat(t.remoteIdentity()).isEqualTo(new Identity(Identity.Type.IPV4_ADDR, "198.51.100.7"));
        assertThat(t.children().get(0).remoteSelectors()).containsExactly("172.16.0.0/24");
    }

    @Test
    void routeBasedUsesAnySelectorsAndRoutes() {
        Models m = new Models().gateway("a", "192.0.2.1", "10.1.0.0/24", "2001:db8:1::/48").gateway("b", "192.0.2.2", "10.2.0.0/24");
        m.topology(new TopologySpec("rb", TopologySpec.Kind.FULL_MESH, TopologySpec.VpnType.ROUTE_BASED, Set.of("a", "b"),
                Set.of(), List.of(), TopologySpec.SpokeToSpoke.NONE, List.of(), "modern", "modern", List.of()));
        Compilation c = compileValid(m.build());
        CompiledTunnel ba = c.config("b").tunnels().get(0);
        assertThat(ba.children()).extracting(CompiledTunnel.ChildSa::name).containsExactly("0.0.0.0/0--0.0.0.0/0", "::/0--::/0");
        assertThat(ba.routes()).containsExactly("10.1.0.0/24", "2001:db8:1::/48");
        assertThat(ba.vpnType()).isEqualTo(TopologySpec.VpnType.ROUTE_BASED);
    }

    @Test
    void perLinkOverrideChangesOneSideOnly() {
        Models m = new Models().gateway("a", "192.0.2.1", "10.1.0.0/24").gateway("b", "192.0.2.2", "10.2.0.0/24");
        m.ike.add(new IkePolicy("wide", IkePolicy.Mode.MAIN, List.of("aes128-sha1-modp2048", "aes256-sha256-ecp256"),
                IkePolicy.Auth.PSK, 3_600, 30, 150, IkePolicy.DpdAction.RESTART, true, false));
        m.topology(new TopologySpec("mesh", TopologySpec.Kind.FULL_MESH, TopologySpec.VpnType.POLICY_BASED, Set.of("a", "b"),
                Set.of(), List.of(), TopologySpec.SpokeToSpoke.NONE, List.of(), "modern", "modern",
                List.of(new TopologySpec.LinkOverride("a", "b", "wide", null))));
        Compilation c = compileValid(m.build());
        assertThat(c.config("a").tunnels().get(0).ike().policy()).isEqualTo("wide");
        assertThat(c.config("b").tunnels().get(0).ike().policy()).isEqualTo("modern");
    }

    @Test
    void sameModelGivesEqualOutput() {
        TopologyModel model = new Models().gateways(20).topology(Models.mesh("mesh", Set.of())).build();
        TopologySpec byTag = Models.mesh("m", Set.of("g0001", "g0002", "g0003", "g0004"));
        TopologyModel m2 = new Models().gateways(20).topology(byTag).build();
        assertThat(TopologyCompiler.compile(m2).configs()).isEqualTo(TopologyCompiler.compile(m2).configs());
        assertThat(TopologyCompiler.compile(model).configs()).isEqualTo(TopologyCompiler.compile(model).configs());
    }

    @Test
    void incrementalCompileReportsOnlyTheGatewaysWhoseConfigChanged() {
        Models m = new Models().gateways(10);
        m.topology(Models.mesh("mesh", Set.of("g0001", "g0002", "g0003", "g0004")));
        m.topology(Models.mesh("other", Set.of("g0005", "g0006")));
        TopologyModel first = m.build();
        Compilation c1 = TopologyCompiler.compile(first);
        assertThat(c1.changedGateways()).hasSize(10);

        Compilation same = TopologyCompiler.compile(first, c1);
        assertThat(same.changedGateways()).isEmpty();
        assertThat(same.config("g0001")).isSameAs(c1.config("g0001"));

        // g0003 gets another subnet: it and its three mesh peers change, nobody else
        Models m2 = new Models();
        m2.gateways.addAll(m.gateways);
        m2.gateways.set(2, new GatewaySpec("g0003", m.gateways.get(2).address(), false,
                List.of("10.0.3.0/24", "10.200.0.0/24"), null, Set.of()));
        m2.topologies.addAll(m.topologies);
        TopologyModel second = new TopologyModel(m2.gateways, m2.ike, m2.ipsec, List.of(), m2.topologies, first.psks());
        Compilation c2 = TopologyCompiler.compile(second, c1);
        assertThat(c2.changedGateways()).containsExactly("g0001", "g0002", "g0003", "g0004");
        assertThat(c2.configs()).isEqualTo(TopologyCompiler.compile(second).configs());
        // the tunnel g0001--g0002 did not change: same object
        assertThat(c2.config("g0001").tunnels().get(0)).isSameAs(c1.config("g0001").tunnels().get(0));
    }

    @Test
    void incrementalAddOfAMeshMemberMatchesAFullCompile() {
        Models m = new Models().gateways(6);
        m.topology(Models.mesh("mesh", Set.of("g0001", "g0002", "g0003", "g0004", "g0005")));
        TopologyModel first = m.build();
        Compilation c1 = TopologyCompiler.compile(first);
        TopologyModel draft = new TopologyModel(m.gateways, m.ike, m.ipsec, List.of(),
                List.of(Models.mesh("mesh", Set.of("g0001", "g0002", "g0003", "g0004", "g0005", "g0006"))), first.psks());
        Map<LinkKey, Secret> added = new java.util.HashMap<>();
        TopologyCompiler.linksNeedingPsk(draft).stream().filter(k -> !first.psks().contains(k))
                .forEach(k -> added.put(k, Secret.of("new-" + k.tunnelName())));
        TopologyModel second = new TopologyModel(draft.gateways(), draft.ikePolicies(), draft.ipsecPolicies(), List.of(),
                draft.topologies(), first.psks().with(added));
        Compilation c2 = TopologyCompiler.compile(second, c1);
        assertThat(c2.changedGateways()).containsExactly("g0001", "g0002", "g0003", "g0004", "g0005", "g0006");
        assertThat(c2.configs()).isEqualTo(TopologyCompiler.compile(second).configs());
        assertThat(c2.config("g0006").tunnels()).hasSize(5);
    }
}
