package io.gatewise.server.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.gatewise.server.topology.compiler.ExternalPeer;

/** An external peer's IPv6 subnets: precise messages per field, RFC 5952 text once accepted. */
class ExternalPeerInputTest {

    private static ExternalPeerInput.Json json(List<String> subnets, List<String> expects) {
        return new ExternalPeerInput.Json("partner", "2001:db8:ffff::7", null, null, subnets, null, null,
                List.of("aes256-sha256-ecp256"), null, List.of("aes256gcm16-ecp256"), null, null, expects, null);
    }

    private static Map<String, String> errors(List<String> subnets, List<String> expects) {
        try {
            ExternalPeerInput.peer(json(subnets, expects));
        } catch (InvalidInputException e) {
            return e.fieldErrors();
        }
        throw new AssertionError("accepted " + subnets + " / " + expects);
    }

    @Test
    void ipv6SubnetsAreStoredCompressedAndDeduplicated() {
        ExternalPeer p = ExternalPeerInput.peer(json(List.of("172.16.0.0/24, 2001:DB8:77:0:0::/64",
                "2001:db8:77::/64"), List.of("2001:db8:0:0:0:0:1:0/112")));
        assertThat(p.subnets()).containsExactly("172.16.0.0/24", "2001:db8:77::/64");
        assertThat(p.expectsSubnets()).containsExactly("2001:db8::1:0/112");
    }

    @Test
    void badIpv6SubnetsAreNamedOnTheirField() {
        assertThat(errors(List.of("2001:db8:77::1/64"), List.of())).containsOnlyKeys("subnets")
                .containsEntry("subnets", "'2001:db8:77::1/64' has host bits set; did you mean the network address?");
        assertThat(errors(List.of("2001:db8:77::/64"), List.of("2001:db8::/200"))).containsOnlyKeys("expectsSubnets")
                .containsEntry("expectsSubnets", "'2001:db8::/200': prefix length must be 0..128.");
    }

    @Test
    void aLinkWithNoCommonFamilyIsPlacedOnTheSubnetsField() {
        var e = new TopologyValidationException(List.of(new io.gatewise.server.topology.compiler.Problem(
                io.gatewise.server.topology.compiler.Problem.Rule.NO_COMMON_FAMILY, "link a--partner would carry nothing",
                List.of("x", "a", "partner"), true)));
        assertThat(ExternalPeerInput.fieldsOf(e)).containsOnlyKeys("subnets");
        assertThatThrownBy(() -> ExternalPeerInput.peer(json(List.of("nonsense"), List.of())))
                .isInstanceOf(InvalidInputException.class);
    }
}
