package io.gatewise.server.topology.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.gatewise.server.topology.compiler.CompiledTunnel.ChildSa;
import io.gatewise.server.topology.compiler.Problem.Rule;

/**
 * IPv4 and IPv6 protected subnets through the compiler: selectors paired per address
 * family (the agent refuses a child whose selector has no partner of its family), a
 * family only one end has gets no child and a note, and a link with no common family is
 * blocked before anything is pushed.
 */
class DualStackCompileTest {

    private static Compilation compileValid(TopologyModel model) {
        assertThat(TopologyValidator.errors(TopologyValidator.validate(model))).isEmpty();
        Compilation c = TopologyCompiler.compile(model);
        assertThat(Preflight.check(c)).isEmpty();
        everyChildIsOfOneFamily(c);
        return c;
    }

    /** The agent's rule, on every child of every tunnel: at least one child, each selector paired in its family. */
    private static void everyChildIsOfOneFamily(Compilation c) {
        for (GatewayConfig config : c.configs().values()) {
            for (CompiledTunnel t : config.tunnels()) {
                assertThat(t.children()).as(t.name()).isNotEmpty();
                for (ChildSa ch : t.children()) {
                    boolean v6 = Cidr.isIpv6(ch.localSelectors().get(0));
                    assertThat(ch.localSelectors()).as(ch.name()).allMatch(s -> Cidr.isIpv6(s) == v6);
                    assertThat(ch.remoteSelectors()).as(ch.name()).isNotEmpty().allMatch(s -> Cidr.isIpv6(s) == v6);
                }
            }
        }
    }

    private static List<String> childNames(CompiledTunnel t) {
        return t.children().stream().map(ChildSa::name).toList();
    }

    @Test
    void dualStackMeshPairsEachFamilyWithItselfAndSaysNothing() {
        TopologyModel m = new Models().gateway("a", "192.0.2.1", "10.1.0.0/24", "2001:db8:1::/64")
                .gateway("b", "192.0.2.2", "10.2.0.0/24", "2001:db8:2::/64")
                .gateway("c", "192.0.2.3", "10.3.0.0/24", "2001:db8:3::/64")
                .topology(Models.mesh("mesh", Set.of("a", "b", "c"))).build();
        Compilation c = compileValid(m);
        CompiledTunnel ab = c.config("a").tunnels().get(0);
        assertThat(childNames(ab)).containsExactly("10.1.0.0/24--10.2.0.0/24", "2001:db8:1::/64--2001:db8:2::/64");
        assertThat(c.configs().values()).allSatisfy(g -> assertThat(g.tunnels()).allSatisfy(t ->
                assertThat(t.notes()).isEmpty()));
    }

    @Test
    void ipv6OnlyMeshHasOnlyIpv6Children() {
        TopologyModel m = new Models().gateway("a", "2001:db8:ffff::1", "2001:db8:1::/64")
                .gateway("b", "2001:db8:ffff::2", "2001:db8:2::/64", "2001:db8:22::/64")
                .topology(Models.mesh("v6", Set.of("a", "b"))).build();
        Compilation c = compileValid(m);
        assertThat(childNames(c.config("b").tunnels().get(0)))
                .containsExactly("2001:db8:2::/64--2001:db8:1::/64", "2001:db8:22::/64--2001:db8:1::/64");
        assertThat(c.config("a").tunnels().get(0).notes()).isEmpty();
    }

    @Test
    void aFamilyOnlyOneEndHasGetsNoChildAndTheSameNoteOnBothEnds() {
        TopologyModel m = new Models().gateway("a", "192.0.2.1", "10.1.0.0/24", "2001:db8:1::/64")
                .gateway("b", "192.0.2.2", "10.2.0.0/24")
                .topology(Models.mesh("mesh", Set.of("a", "b"))).build();
        Compilation c = compileValid(m);
        CompiledTunnel atA = c.config("a").tunnels().get(0);
        CompiledTunnel atB = c.config("b").tunnels().get(0);
        assertThat(childNames(atA)).containsExactly("10.1.0.0/24--10.2.0.0/24");
        assertThat(childNames(atB)).containsExactly("10.2.0.0/24--10.1.0.0/24");
        assertThat(atA.notes()).singleElement().asString()
                .contains("No IPv6 child SA between 'a' and 'b'", "'a' protects IPv6 (2001:db8:1::/64)",
                        "'b' protects no IPv6 subnet", "carries IPv4 only");
        assertThat(atB.notes()).isEqualTo(atA.notes());
        // a warning, not an error: the topology saves
        assertThat(TopologyValidator.validate(m)).noneMatch(Problem::blocking);
    }

    @Test
    void dualStackHubAndSpokeViaHubCarriesTheOtherSpokesSubnetsOfEachFamily() {
        TopologyModel m = new Models().gateway("hub", "192.0.2.1", "10.0.0.0/24", "2001:db8::/64")
                .gateway("s1", "192.0.2.2", "10.1.0.0/24", "2001:db8:1::/64")
                .gateway("s2", "192.0.2.3", "10.2.0.0/24", "2001:db8:2::/64")
                .topology(Models.hub("hs", List.of("hub"), Set.of("s1", "s2"), TopologySpec.SpokeToSpoke.VIA_HUB))
                .build();
        Compilation c = compileValid(m);
        CompiledTunnel s1 = c.config("s1").tunnels().get(0);
        assertThat(childNames(s1)).containsExactly("10.1.0.0/24--10.0.0.0/24", "10.1.0.0/24--10.2.0.0/24",
                "2001:db8:1::/64--2001:db8::/64", "2001:db8:1::/64--2001:db8:2::/64");
        assertThat(s1.notes()).isEmpty();
    }

    @Test
    void viaHubAnIpv4OnlyHubStillCarriesIpv6BetweenSpokes() {
        // the hub's side of s1's tunnel carries s2's IPv6 subnet: s1 <-> s2 over IPv6 through the hub
        TopologyModel m = new Models().gateway("hub", "192.0.2.1", "10.0.0.0/24")
                .gateway("s1", "192.0.2.2", "2001:db8:1::/64")
                .gateway("s2", "192.0.2.3", "10.2.0.0/24", "2001:db8:2::/64")
                .topology(Models.hub("hs", List.of("hub"), Set.of("s1", "s2"), TopologySpec.SpokeToSpoke.VIA_HUB))
                .build();
        Compilation c = compileValid(m);
        CompiledTunnel s1 = c.config("s1").tunnels().get(0);
        assertThat(childNames(s1)).containsExactly("2001:db8:1::/64--2001:db8:2::/64");
        assertThat(s1.notes()).singleElement().asString().contains("No IPv4 child SA between 'hub' and 's1'",
                "'hub' protects IPv4 (10.0.0.0/24, 10.2.0.0/24)");
    }

    @Test
    void hubAndSpokeDirectWithAnIpv4OnlySpokeNotesEachLinkItCannotCarryIpv6On() {
        TopologyModel m = new Models().gateway("h", "192.0.2.1", "10.0.0.0/24", "2001:db8::/64")
                .gateway("s1", "192.0.2.2", "10.1.0.0/24")
                .gateway("s2", "192.0.2.3", "10.2.0.0/24", "2001:db8:2::/64")
                .topology(Models.hub("hs", List.of("h"), Set.of("s1", "s2"), TopologySpec.SpokeToSpoke.DIRECT))
                .build();
        Compilation c = compileValid(m);
        assertThat(c.config("s1").tunnels()).extracting(CompiledTunnel::peer).containsExactly("h", "s2");
        assertThat(c.config("s1").tunnels()).allSatisfy(t -> {
            assertThat(t.children()).allMatch(ch -> !Cidr.isIpv6(ch.localSelectors().get(0)));
            assertThat(t.notes()).singleElement().asString().contains("No IPv6 child SA");
        });
        CompiledTunnel hs2 = c.config("h").tunnels().stream().filter(t -> t.peer().equals("s2")).findFirst()
                .orElseThrow();
        assertThat(childNames(hs2)).contains("2001:db8::/64--2001:db8:2::/64");
        assertThat(hs2.notes()).isEmpty();
    }

    @Test
    void anExternalPeerWithOnlyIpv4GetsNoIpv6ChildAndANote() {
        Models m = new Models().gateway("a", "192.0.2.1", "10.1.0.0/24", "2001:db8:1::/64");
        m.externals.add(new ExternalPeer("partner", "198.51.100.7", null, List.of("172.16.0.0/24"),
                IkePolicy.Mode.MAIN, IkePolicy.Auth.PSK, List.of("aes256-sha256-ecp256"), IpsecPolicy.Protocol.ESP,
                List.of("aes256gcm16-ecp256"), null, List.of(), false));
        m.topology(Models.explicit("x", new TopologySpec.Link("a", "partner")));
        Compilation c = compileValid(m.build());
        CompiledTunnel t = c.config("a").tunnels().get(0);
        assertThat(childNames(t)).containsExactly("10.1.0.0/24--172.16.0.0/24");
        assertThat(t.notes()).singleElement().asString().contains("'partner' protects no IPv6 subnet");
    }

    @Test
    void aLinkWithNoCommonFamilyIsBlockedNamingTheLink() {
        TopologyModel m = new Models().gateway("a", "192.0.2.1", "10.1.0.0/24")
                .gateway("b", "192.0.2.2", "2001:db8:2::/64")
                .topology(Models.mesh("mesh", Set.of("a", "b"))).build();
        assertThat(TopologyValidator.errors(TopologyValidator.validate(m))).singleElement().satisfies(p -> {
            assertThat(p.rule()).isEqualTo(Rule.NO_COMMON_FAMILY);
            assertThat(p.objects()).containsExactly("mesh", "a", "b");
            assertThat(p.message()).contains("link a--b would carry nothing", "'a' protects only IPv4",
                    "'b' only IPv6");
        });
    }

    @Test
    void routeBasedNeedsNoCommonFamily() {
        // route-based tunnels carry whatever is routed into them: one any-to-any child per family either end has
        TopologyModel m = new Models().gateway("a", "192.0.2.1", "10.1.0.0/24")
                .gateway("b", "192.0.2.2", "2001:db8:2::/64")
                .topology(new TopologySpec("rb", TopologySpec.Kind.FULL_MESH, TopologySpec.VpnType.ROUTE_BASED,
                        Set.of("a", "b"), Set.of(), List.of(), TopologySpec.SpokeToSpoke.NONE, List.of(), "modern",
                        "modern", List.of())).build();
        Compilation c = compileValid(m);
        assertThat(childNames(c.config("a").tunnels().get(0))).containsExactly("0.0.0.0/0--0.0.0.0/0", "::/0--::/0");
        assertThat(c.config("a").tunnels().get(0).routes()).containsExactly("2001:db8:2::/64");
    }

    @Test
    void ipv6OverlapsAreFoundAcrossGatewaysAndNeverAcrossFamilies() {
        TopologyModel m = new Models().gateway("a", "192.0.2.1", "10.1.0.0/24", "2001:db8::/32")
                .gateway("b", "192.0.2.2", "10.2.0.0/24", "2001:db8:1::/48")
                .topology(Models.mesh("mesh", Set.of("a", "b"))).build();
        assertThat(TopologyValidator.errors(TopologyValidator.validate(m))).singleElement().satisfies(p -> {
            assertThat(p.rule()).isEqualTo(Rule.OVERLAPPING_SUBNETS);
            assertThat(p.message()).contains("2001:db8::/32 of 'a'", "2001:db8:1::/48 of 'b'");
        });
        // ::/0 and 0.0.0.0/0 cover everything of their own family only
        TopologyModel wide = new Models().gateway("a", "192.0.2.1", "0.0.0.0/0").gateway("b", "192.0.2.2", "::/0")
                .topology(Models.explicit("x", new TopologySpec.Link("a", "b"))).build();
        assertThat(TopologyValidator.validate(wide)).extracting(Problem::rule)
                .doesNotContain(Rule.OVERLAPPING_SUBNETS);
    }

    @Test
    void badIpv6SubnetsAreReportedPrecisely() {
        TopologyModel m = new Models().gateway("a", "192.0.2.1", "2001:db8::1/64", "2001:db8::/129", "2001:db8::/x")
                .gateway("b", "192.0.2.2", "2001:db8:2::/64")
                .topology(Models.mesh("mesh", Set.of("a", "b"))).build();
        assertThat(TopologyValidator.errors(TopologyValidator.validate(m))).filteredOn(p -> p.rule() == Rule.BAD_SUBNET)
                .extracting(Problem::message).satisfiesExactly(
                        host -> assertThat(host).contains("'2001:db8::1/64' has host bits set"),
                        length -> assertThat(length).contains("'2001:db8::/129': prefix length must be 0..128"),
                        syntax -> assertThat(syntax).contains("'2001:db8::/x' has no valid prefix length"));
    }

    @Test
    void subnetsAreKeptInRfc5952Text() {
        assertThat(Cidr.canonical("2001:DB8:0:0:0::/64")).isEqualTo("2001:db8::/64");
        // RFC 5952 4.2.3: the longest run of zero groups is compressed, the first one on a tie
        assertThat(Cidr.canonical(" 2001:db8:0:0:1:0:0:0/128 ")).isEqualTo("2001:db8:0:0:1::/128");
        assertThat(Cidr.canonical("2001:db8:0:0:1:0:0:1/128")).isEqualTo("2001:db8::1:0:0:1/128");
        assertThat(Cidr.canonical("10.1.0.0/24")).isEqualTo("10.1.0.0/24");
        assertThat(Cidr.canonical("2001:db8::1/64")).as("invalid: left for the validator").isEqualTo("2001:db8::1/64");
        assertThat(Cidr.canonical(List.of("2001:db8::/64", "2001:DB8:0::/64"))).containsExactly("2001:db8::/64");
    }
}
