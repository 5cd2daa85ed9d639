package io.gatewise.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class TunnelValidatorTest {
    private static TunnelInput input(String name, String remote, List<String> local, List<String> remoteNets, String psk,
                                     String ike, String esp) {
        return new TunnelInput(name, remote, local, remoteNets, psk, ike, esp);
    }

    @Test
    void acceptsAGoodTunnelAndFillsDefaultProposals() {
        TunnelValidator.Checked checked = TunnelValidator.check(input(" to-hq ", "gw.example.net",
                List.of("10.1.0.0/24", " 10.1.0.0/24"), List.of("10.2.0.0/24"), "0123456789abcdef", "", ""), true);
        assertThat(checked.name()).isEqualTo("to-hq");
        assertThat(checked.localSubnets()).containsExactly("10.1.0.0/24");
        assertThat(checked.ikeProposals()).containsExactly("aes256-sha256-modp2048");
        assertThat(checked.espProposals()).containsExactly("aes256-sha256-modp2048");
    }

    @Test
    void reportsEveryMistakeAtOnce() {
        assertThatThrownBy(() -> TunnelValidator.check(input("bad name", "not an address!", List.of("10.1.0.5/24"),
                List.of(), "short", "aes256-md5-modp1024", "aes128gcm16-sha256"), true))
                .isInstanceOfSatisfying(InvalidTunnelException.class, e -> assertThat(e.fieldErrors()).containsOnlyKeys(
                        "name", "remoteAddress", "localSubnets", "remoteSubnets", "psk", "ikeProposal", "espProposal"));
    }

    @Test
    void blankPskIsAllowedOnlyWhenEditing() {
        TunnelInput keep = input("t", "192.0.2.1", List.of("10.1.0.0/24"), List.of("10.2.0.0/24"), "", null, null);
        assertThat(TunnelValidator.check(keep, false).psk()).isEmpty();
        assertThatThrownBy(() -> TunnelValidator.check(keep, true)).isInstanceOf(InvalidTunnelException.class);
    }

    @Test
    void subnetFamiliesMustMatch() {
        assertThatThrownBy(() -> TunnelValidator.check(input("t", "192.0.2.1", List.of("10.1.0.0/24"),
                List.of("fd00::/64"), "0123456789abcdef", "", ""), true))
                .isInstanceOfSatisfying(InvalidTunnelException.class, e -> {
                    assertThat(e.fieldErrors()).containsOnlyKeys("localSubnets", "remoteSubnets");
                    assertThat(e.fieldErrors().get("localSubnets"))
                            .startsWith("The local subnet 10.1.0.0/24 is IPv4 but no remote subnet is;");
                    assertThat(e.fieldErrors().get("remoteSubnets"))
                            .startsWith("The remote subnet fd00::/64 is IPv6 but no local subnet is;")
                            .endsWith("Add an IPv6 local subnet, or remove it.");
                });
    }

    /** The agent refuses a selector without a partner of its family, and with it the whole config. */
    @Test
    void aDualStackSideNeedsBothFamiliesOnTheOther() {
        assertThatThrownBy(() -> TunnelValidator.check(input("t", "192.0.2.1",
                List.of("10.1.0.0/24", "2001:db8:1::/64", "2001:db8:11::/64"), List.of("10.2.0.0/24"),
                "0123456789abcdef", "", ""), true))
                .isInstanceOfSatisfying(InvalidTunnelException.class, e -> {
                    assertThat(e.fieldErrors()).containsOnlyKeys("localSubnets");
                    assertThat(e.fieldErrors().get("localSubnets")).startsWith(
                            "The local subnets 2001:db8:1::/64, 2001:db8:11::/64 are IPv6 but no remote subnet is;");
                });
        TunnelValidator.Checked ok = TunnelValidator.check(input("t", "192.0.2.1",
                List.of("10.1.0.0/24", "2001:db8:1::/64"), List.of("2001:db8:2::/64", "10.2.0.0/24"),
                "0123456789abcdef", "", ""), true);
        assertThat(ok.remoteSubnets()).containsExactly("2001:db8:2::/64", "10.2.0.0/24");
    }

    @Test
    void ipv6SubnetsGetPreciseMessagesAndAreKeptCompressed() {
        assertThat(localError("2001:db8::1/64")).isEqualTo(
                "'2001:db8::1/64' has host bits set; did you mean the network address?");
        assertThat(localError("2001:db8::/129")).isEqualTo("'2001:db8::/129': prefix length must be 0..128.");
        assertThat(localError("2001:db8::/")).isEqualTo("'2001:db8::/' has no valid prefix length.");
        assertThat(localError("2001:db8:::/64")).isEqualTo("'2001:db8:::/64' does not start with an IP address.");
        assertThat(localError("::ffff:10.1.0.0/24")).contains("IPv4-mapped", "write the IPv4 subnet");
        TunnelValidator.Checked ok = TunnelValidator.check(input("t", "2001:db8:ffff::2",
                List.of("2001:DB8:1:0:0::/64", "2001:db8:1::/64"), List.of("2001:db8:0:0:0:0:2:0/112"),
                "0123456789abcdef", "", ""), true);
        assertThat(ok.localSubnets()).as("RFC 5952 text, one prefix written two ways is one")
                .containsExactly("2001:db8:1::/64");
        assertThat(ok.remoteSubnets()).containsExactly("2001:db8::2:0/112");
    }

    private static String localError(String subnet) {
        try {
            TunnelValidator.check(input("t", "192.0.2.1", List.of(subnet), List.of("10.2.0.0/24"),
                    "0123456789abcdef", "", ""), true);
        } catch (InvalidTunnelException e) {
            return e.fieldErrors().get("localSubnets");
        }
        throw new AssertionError("accepted " + subnet);
    }

    @Test
    void namesWithADoubleDashAreReservedForCompiledTunnels() {
        assertThatThrownBy(() -> TunnelValidator.check(input("hq--branch", "192.0.2.1", List.of("10.1.0.0/24"),
                List.of("10.2.0.0/24"), "0123456789abcdef", "", ""), true))
                .isInstanceOfSatisfying(InvalidTunnelException.class,
                        e -> assertThat(e.fieldErrors()).containsKey("name"));
        assertThat(TunnelValidator.check(input("hq-branch", "192.0.2.1", List.of("10.1.0.0/24"),
                List.of("10.2.0.0/24"), "0123456789abcdef", "", ""), true).name()).isEqualTo("hq-branch");
    }

    @Test
    void proposalRules() {
        assertThat(ProposalSyntax.checkIke("aes256-sha256-modp2048")).isEmpty();
        assertThat(ProposalSyntax.checkIke("aes128-sha1-prfsha256-ecp256")).isEmpty();
        assertThat(ProposalSyntax.checkIke("aes128gcm16-ecp256")).get().asString().contains("no AEAD");
        assertThat(ProposalSyntax.checkIke("aes256-sha256")).get().asString().contains("Diffie-Hellman");
        assertThat(ProposalSyntax.checkIke("3des-sha1-modp2048")).get().asString().contains("too weak");
        assertThat(ProposalSyntax.checkEsp("aes128gcm16-ecp256")).isEmpty();
        assertThat(ProposalSyntax.checkEsp("aes256-sha256")).isEmpty();
        assertThat(ProposalSyntax.checkEsp("aes256")).get().asString().contains("integrity");
        assertThat(ProposalSyntax.checkEsp("aes256gcm16-sha256")).get().asString().contains("GCM provides integrity");
        assertThat(ProposalSyntax.checkEsp("aes256-sha256-modp2048-ecp256")).get().asString().contains("more than one");
        assertThat(ProposalSyntax.checkEsp("aes256-sha256-prfsha256")).get().asString().contains("PRF");
        assertThat(ProposalSyntax.checkEsp("AES256 SHA256")).isPresent();
        assertThat(ProposalSyntax.checkIke("twofish-sha256-modp2048")).get().asString().contains("unknown");
        assertThat(ProposalSyntax.split("aes256-sha256-modp2048, AES128-SHA256-ECP256", "x"))
                .containsExactly("aes256-sha256-modp2048", "aes128-sha256-ecp256");
    }
}
