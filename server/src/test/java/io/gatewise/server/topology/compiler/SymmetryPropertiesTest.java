package io.gatewise.server.topology.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any valid model compiles to symmetric tunnels: A's tunnel to B mirrors B's tunnel to A
 * (selectors swapped, same proposals, same PSK, identities crossed), the pre-flight finds
 * nothing, and compiling twice gives equal output.
 */
class SymmetryPropertiesTest {

    @Property(tries = 200)
    void tunnelsAreSymmetric(@ForAll("models") TopologyModel model) {
        List<Problem> problems = TopologyValidator.errors(TopologyValidator.validate(model));
        if (!problems.isEmpty()) {
            return; // only valid models are promised anything
        }
        Compilation c = TopologyCompiler.compile(model);
        for (GatewayConfig config : c.configs().values()) {
            for (CompiledTunnel ab : config.tunnels()) {
                CompiledTunnel ba = c.config(ab.peer()).tunnels().stream().filter(t -> t.name().equals(ab.name()))
                        .findFirst().orElseThrow();
                assertThat(ba.peer()).isEqualTo(config.gateway());
                assertThat(ba.ike().proposals()).isEqualTo(ab.ike().proposals());
                assertThat(ba.ipsec().proposals()).isEqualTo(ab.ipsec().proposals());
                assertThat(ba.psk()).isEqualTo(ab.psk());
                assertThat(ba.localIdentity()).isEqualTo(ab.remoteIdentity());
                assertThat(ba.remoteIdentity()).isEqualTo(ab.localIdentity());
                assertThat(ba.children()).hasSameSizeAs(ab.children());
                for (CompiledTunnel.ChildSa child : ab.children()) {
                    assertThat(ba.children()).anySatisfy(back -> {
                        assertThat(back.localSelectors()).isEqualTo(child.remoteSelectors());
                        assertThat(back.remoteSelectors()).isEqualTo(child.localSelectors());
                    });
                }
                if (ab.vpnType() == TopologySpec.VpnType.ROUTE_BASED) {
                    assertThat(ab.routes()).isNotEmpty();
                }
            }
        }
        assertThat(Preflight.check(c)).isEmpty();
        assertThat(TopologyCompiler.compile(model).configs()).isEqualTo(c.configs());
    }

    @Provide
    Arbitrary<TopologyModel> models() {
        Arbitrary<Integer> size = Arbitraries.integers().between(2, 9);
        return size.flatMap(n -> Combinators.combine(
                Arbitraries.of(TopologySpec.Kind.values()),
                Arbitraries.of(TopologySpec.VpnType.values()),
                Arbitraries.of(TopologySpec.SpokeToSpoke.values()),
                Arbitraries.integers().between(0, (1 << n) - 1),
                Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(0, (1 << n) - 1))
                .as((kind, vpn, s2s, memberBits, subnetsEach, natBits) -> model(n, kind, vpn, s2s, memberBits, subnetsEach,
                        natBits)));
    }

    private static TopologyModel model(int n, TopologySpec.Kind kind, TopologySpec.VpnType vpn,
                                       TopologySpec.SpokeToSpoke s2s, int memberBits, int subnetsEach, int natBits) {
        Models m = new Models();
        Set<String> members = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            List<String> nets = new ArrayList<>();
            for (int s = 0; s < subnetsEach; s++) {
                nets.add("10." + i + "." + s + ".0/24");
            }
            if (i % 3 == 2) {
                nets.add("2001:db8:" + i + "::/48");
            }
            String name = "gw" + i;
            boolean nat = (natBits & (1 << i)) != 0 && i % 4 == 0;
            m.gateway(new GatewaySpec(name, nat ? name + ".example.net" : "192.0.2." + (i + 1), nat, nets, null,
                    i % 2 == 0 ? Set.of("even") : Set.of()));
            if ((memberBits & (1 << i)) != 0) {
                members.add(name);
            }
        }
        List<TopologySpec.Link> links = new ArrayList<>();
        for (int i = 0; i + 1 < n; i += 2) {
            links.add(new TopologySpec.Link("gw" + i, "gw" + (i + 1)));
        }
        m.topology(new TopologySpec("t", kind, vpn, members, Set.of("even"), List.of("gw1"), s2s, links, "modern",
                "modern", List.of()));
        return m.build();
    }
}
