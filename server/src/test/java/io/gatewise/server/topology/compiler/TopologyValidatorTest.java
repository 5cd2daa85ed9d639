package io.gatewise.server.topology.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.gatewise.server.topology.compiler.Problem.Rule;

class TopologyValidatorTest {

    private static List<Problem> errors(TopologyModel m) {
        return TopologyValidator.errors(TopologyValidator.validate(m));
    }

    @Test
    void overlappingSubnetsInOneTopologyNameBothGateways() {
        TopologyModel m = new Models().gateway("a", "192.0.2.1", "10.1.0.0/16").gateway("b", "192.0.2.2", "10.1.4.0/24")
                .topology(Models.mesh("mesh", Set.of("a", "b"))).build();
        assertThat(errors(m)).singleElement().satisfies(p -> {
            assertThat(p.rule()).isEqualTo(Rule.OVERLAPPING_SUBNETS);
            assertThat(p.message()).contains("10.1.0.0/16 of 'a'", "10.1.4.0/24 of 'b'", "'mesh'");
        });
    }

    @Test
    void theSameSubnetsInDifferentTopologiesAreFine() {
        TopologyModel m = new Models().gateway("a", "192.0.2.1", "10.1.0.0/24").gateway("b", "192.0.2.2", "10.2.0.0/24")
                .gateway("c", "192.0.2.3", "10.2.0.0/24").topology(Models.mesh("m1", Set.of("a", "b")))
                .topology(Models.mesh("m2", Set.of("a", "c"))).build();
        assertThat(errors(m)).isEmpty();
    }

    @Test
    void policyBasedMemberWithoutSubnets() {
        TopologyModel m = new Models().gateway("a", "192.0.2.1", "10.1.0.0/24").gateway("b", "192.0.2.2")
                .topology(Models.mesh("mesh", Set.of("a", "b"))).build();
        assertThat(errors(m)).extracting(Problem::rule, Problem::objects)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Rule.MEMBER_WITHOUT_SUBNETS, List.of("mesh", "b")));
    }

    @Test
    void hubAndSpokeWithoutHub() {
        TopologyModel m = new Models().gateway("a", "192.0.2.1", "10.1.0.0/24")
                .topology(Models.hub("hs", List.of(), Set.of("a"), TopologySpec.SpokeToSpoke.NONE)).build();
        assertThat(errors(m)).extracting(Problem::rule).containsExactly(Rule.HUB_MISSING);
        TopologyModel unknownHub = new Models().gateway("a", "192.0.2.1", "10.1.0.0/24")
                .topology(Models.hub("hs", List.of("nope"), Set.of("a"), TopologySpec.SpokeToSpoke.NONE)).build();
        assertThat(errors(unknownHub)).extracting(Problem::rule).containsExactly(Rule.UNKNOWN_REFERENCE, Rule.HUB_MISSING);
    }

    @Test
    void linkWhosePoliciesShareNoProposal() {
        Models m = new Models().gateway("a", "192.0.2.1", "10.1.0.0/24").gateway("b", "192.0.2.2", "10.2.0.0/24");
        m.ike.add(new IkePolicy("compatible", IkePolicy.Mode.MAIN, List.of("aes256-sha1-modp2048"), IkePolicy.Auth.PSK,
                28_800, 30, 150, IkePolicy.DpdAction.RESTART, true, false));
        m.topology(new TopologySpec("mesh", TopologySpec.Kind.FULL_MESH, TopologySpec.VpnType.POLICY_BASED, Set.of("a", "b"),
                Set.of(), List.of(), TopologySpec.SpokeToSpoke.NONE, List.of(), "modern", "modern",
                List.of(new TopologySpec.LinkOverride("a", "b", "compatible", null))));
        assertThat(errors(m.build())).singleElement().satisfies(p -> {
            assertThat(p.rule()).isEqualTo(Rule.NO_COMMON_PROPOSAL);
            assertThat(p.message()).contains("a--b", "'compatible'", "'modern'");
        });
    }

    @Test
    void weakAlgorithmsNeedAnAcknowledgementAndStayFlagged() {
        for (String weak : List.of("3des-sha1-modp2048", "des-sha1-modp2048", "aes128-md5-modp2048",
                "aes128-sha1-modp1024", "aes128-sha1-modp768")) {
            Models m = new Models();
            m.ike.add(new IkePolicy("legacy", IkePolicy.Mode.MAIN, List.of(weak), IkePolicy.Auth.PSK, 28_800, 30, 150,
                    IkePolicy.DpdAction.RESTART, true, false));
            assertThat(errors(m.build())).as(weak).extracting(Problem::rule).containsExactly(Rule.WEAK_ALGORITHM);
        }
        Models esp = new Models();
        esp.ipsec.add(new IpsecPolicy("null", IpsecPolicy.Protocol.ESP, List.of("null-sha256"), 3600, 0,
                IpsecPolicy.Encapsulation.TUNNEL, false));
        assertThat(errors(esp.build())).singleElement().satisfies(p -> assertThat(p.message()).contains("NULL"));

        Models aggressive = new Models();
        aggressive.ike.add(new IkePolicy("aggr", IkePolicy.Mode.AGGRESSIVE, List.of("aes256-sha256-modp2048"),
                IkePolicy.Auth.PSK, 28_800, 30, 150, IkePolicy.DpdAction.RESTART, true, false));
        assertThat(errors(aggressive.build())).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("Aggressive Mode with PSK", "'aggr'"));

        Models acknowledged = new Models();
        acknowledged.ike.add(new IkePolicy("legacy", IkePolicy.Mode.MAIN, List.of("3des-md5-modp1024"), IkePolicy.Auth.PSK,
                28_800, 30, 150, IkePolicy.DpdAction.RESTART, true, true));
        List<Problem> all = TopologyValidator.validate(acknowledged.build());
        assertThat(TopologyValidator.errors(all)).isEmpty();
        assertThat(all).singleElement().satisfies(p -> {
            assertThat(p.blocking()).isFalse();
            assertThat(p.message()).contains("3DES", "MD5", "MODP-1024", "acknowledged");
        });
    }

    @Test
    void proposalSyntaxErrorsNameThePolicyAndToken() {
        Models m = new Models();
        m.ike.add(new IkePolicy("typo", IkePolicy.Mode.MAIN, List.of("aes256-sha265-modp2048"), IkePolicy.Auth.PSK,
                28_800, 30, 150, IkePolicy.DpdAction.RESTART, true, false));
        assertThat(errors(m.build())).singleElement().satisfies(p -> {
            assertThat(p.rule()).isEqualTo(Rule.BAD_PROPOSAL);
            assertThat(p.message()).contains("'typo'", "sha265");
        });
    }

    @Test
    void theSamePairInTwoTopologiesAndBothBehindNat() {
        Models m = new Models().gateway("a", "192.0.2.1", "10.1.0.0/24").gateway("b", "192.0.2.2", "10.2.0.0/24");
        m.gateway(new GatewaySpec("n1", "n1.example", true, List.of("10.3.0.0/24"), null, Set.of()));
        m.gateway(new GatewaySpec("n2", "n2.example", true, List.of("10.4.0.0/24"), null, Set.of()));
        m.topology(Models.mesh("m1", Set.of("a", "b"))).topology(Models.mesh("m2", Set.of("a", "b")))
                .topology(Models.mesh("nat", Set.of("n1", "n2")));
        assertThat(errors(m.build())).extracting(Problem::rule)
                .containsExactlyInAnyOrder(Rule.BOTH_BEHIND_NAT, Rule.DUPLICATE_LINK);
    }

    @Test
    void badSubnetsAndUnknownReferences() {
        Models m = new Models().gateway("a", "192.0.2.1", "10.1.0.5/24").gateway("b", "192.0.2.2", "10.2.0.0/24");
        m.topology(new TopologySpec("mesh", TopologySpec.Kind.FULL_MESH, TopologySpec.VpnType.POLICY_BASED,
                Set.of("a", "b", "ghost"), Set.of(), List.of(), TopologySpec.SpokeToSpoke.NONE, List.of(), "nope", "modern",
                List.of()));
        assertThat(errors(new TopologyModel(m.gateways, m.ike, m.ipsec, List.of(), m.topologies, PskTable.empty())))
                .extracting(Problem::rule)
                .contains(Rule.BAD_SUBNET, Rule.UNKNOWN_REFERENCE);
    }
}
