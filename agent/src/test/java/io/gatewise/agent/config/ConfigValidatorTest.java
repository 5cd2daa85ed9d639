package io.gatewise.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ConfigValidatorTest {

    private static List<String> problems(Consumer<TunnelBuilder> change) {
        TunnelBuilder t = new TunnelBuilder();
        change.accept(t);
        return ConfigValidator.validate(t.gateway());
    }

    @Test
    void theInteropTunnelIsValid() throws ConfigRejectedException {
        assertThat(ConfigValidator.validate(new TunnelBuilder().gateway())).isEmpty();
        ConfigValidator.check(new TunnelBuilder().gateway());
    }

    @Test
    void aGatewayWithoutTunnelsIsValid() {
        assertThat(ConfigValidator.validate(new AgentConfig("gw", "", Optional.empty(), List.of()))).isEmpty();
    }

    @Test
    void prefixLongerThanTheAddressIsNamedPrecisely() {
        assertThat(problems(t -> t.children = List.of(new ChildConfig("net", List.of("10.2.0.0/24"),
                List.of("10.0.0.0/33"))))).containsExactly(
                "tunnel t1, child net: remote selector '10.0.0.0/33' is not a valid IPv4 prefix:"
                        + " length 33 is larger than 32");
    }

    @Test
    void selectorSyntaxErrors() {
        assertThat(problems(t -> t.children = List.of(new ChildConfig("net",
                List.of("10.2.0.1/24", "10.2.0.0/", "10.2.0.300/32", "10.2.0.9-10.2.0.1", "10.0.0.0-2001:db8::1"),
                List.of("10.1.0.0/24"))))).containsExactly(
                "tunnel t1, child net: local selector '10.2.0.1/24' has host bits set (did you mean 10.2.0.0/24?)",
                "tunnel t1, child net: local selector '10.2.0.0/' has no valid prefix length after '/'",
                "tunnel t1, child net: local selector '10.2.0.300/32' has '10.2.0.300', which is not an IPv4 or IPv6 address",
                "tunnel t1, child net: local selector '10.2.0.9-10.2.0.1' range starts after it ends",
                "tunnel t1, child net: local selector '10.0.0.0-2001:db8::1' range mixes IPv4 and IPv6");
    }

    @Test
    void rangesSingleAddressesAndIpv6AreAccepted() {
        assertThat(problems(t -> t.children = List.of(
                new ChildConfig("a", List.of("10.2.0.5", "10.2.0.10-10.2.0.20"), List.of("10.1.0.0/24")),
                new ChildConfig("b", List.of("2001:db8:2::/48"), List.of("2001:db8:1::/48"))))).isEmpty();
    }

    @Test
    void duplicateTunnelNames() {
        AgentConfig config = new AgentConfig("gw", "", Optional.empty(),
                List.of(new TunnelBuilder().build(), new TunnelBuilder().build()));
        assertThat(ConfigValidator.validate(config))
                .containsExactly("duplicate tunnel name 't1': tunnel names must be unique");
    }

    @Test
    void emptyAndBadRemoteAddresses() {
        assertThat(problems(t -> t.remoteAddress = "")).containsExactly("tunnel t1: remote address is empty");
        assertThat(problems(t -> t.remoteAddress = "300.1.1.1"))
                .containsExactly("tunnel t1: remote address '300.1.1.1' is not a valid IPv4 address");
        assertThat(problems(t -> t.remoteAddress = "bad_host.example"))
                .containsExactly("tunnel t1: remote address 'bad_host.example' is not a valid host name or address"
                        + " (character '_')");
        assertThat(problems(t -> t.remoteAddress = "branch-7.example.net")).isEmpty();
        assertThat(problems(t -> t.remoteAddress = "2001:db8::1")).isEmpty();
    }

    @Test
    void anAddressBlockAsPeerOnlyForRespondOnlyTunnels() {
        assertThat(problems(t -> t.remoteAddress = "198.18.0.0/16")).isEmpty();
        assertThat(problems(t -> {
            t.remoteAddress = "198.18.0.0/16";
            t.startAction = TunnelConfig.StartAction.START;
        })).containsExactly("tunnel t1: remote address '198.18.0.0/16' is an address block; only a tunnel with"
                + " start action RESPOND may accept peers from a block");
    }

    @Test
    void identitiesMustMatchTheirType() {
        assertThat(problems(t -> t.localIdentity = Optional.of(new Identity(Identity.Type.IPV4_ADDR, "branch-7"))))
                .containsExactly("tunnel t1: local identity 'branch-7' is not an IPv4 address");
        assertThat(problems(t -> t.remoteIdentity = Optional.of(new Identity(Identity.Type.DER_ASN1_DN, "not a dn"))))
                .containsExactly("tunnel t1: remote identity 'not a dn' is not a distinguished name such as"
                        + " CN=branch-7,O=Example");
        assertThat(problems(t -> t.remoteIdentity = Optional.of(new Identity(Identity.Type.USER_FQDN, "nobody"))))
                .containsExactly("tunnel t1: remote identity 'nobody' is not a user@domain name");
        assertThat(problems(t -> t.remoteIdentity = Optional.of(new Identity(Identity.Type.FQDN, ""))))
                .containsExactly("tunnel t1: remote identity '' has type FQDN but no value");
        assertThat(problems(t -> {
            t.localIdentity = Optional.of(new Identity(Identity.Type.DER_ASN1_DN, "CN=branch-7, O=Gatewise"));
            t.remoteIdentity = Optional.of(new Identity(Identity.Type.USER_FQDN, "ops@example.net"));
        })).isEmpty();
    }

    @Test
    void proposalsAreChecked() {
        assertThat(problems(t -> t.ikeProposals = List.of())).containsExactly("tunnel t1: no IKE proposals");
        assertThat(problems(t -> t.ikeProposals = List.of("aes128-sha1-modp2047")))
                .containsExactly("tunnel t1: unknown algorithm \"modp2047\" in IKE proposal \"aes128-sha1-modp2047\"");
        assertThat(problems(t -> t.ikeProposals = List.of("aes128gcm16-modp2048")))
                .singleElement().asString().contains("aes128gcm16").contains("AES-GCM is for ESP proposals");
        assertThat(problems(t -> t.ikeProposals = List.of("aes128-sha1")))
                .containsExactly("tunnel t1: IKE proposal \"aes128-sha1\" has no DH group (e.g. modp2048)");
        assertThat(problems(t -> t.ipsecProposals = List.of("aes128-modp2048")))
                .singleElement().asString().contains("ESP proposal \"aes128-modp2048\" has no integrity algorithm");
        assertThat(problems(t -> t.ipsecProposals = List.of("aes128gcm16-sha256")))
                .singleElement().asString().contains("AES-GCM already authenticates, remove sha256");
        assertThat(problems(t -> t.ipsecProposals = List.of("aes128--sha1")))
                .containsExactly("tunnel t1: empty algorithm in ESP proposal \"aes128--sha1\"");
        assertThat(problems(t -> t.ipsecProposals = List.of("aes192gcm16")))
                .singleElement().asString().contains("only AES-GCM with 128- or 256-bit keys");
        assertThat(problems(t -> {
            t.protocol = IpsecSettings.Protocol.AH;
            t.ipsecProposals = List.of("aes128-sha1");
        })).containsExactly("tunnel t1: \"aes128\" in AH proposal \"aes128-sha1\": AH authenticates only;"
                + " encryption needs ESP");
    }

    @Test
    void authentication() {
        assertThat(problems(t -> t.auth = Authentication.psk("")))
                .containsExactly("tunnel t1: authentication is PSK but the pre-shared key is empty");
        assertThat(problems(t -> t.auth = new Authentication(Authentication.Method.RSA_SIGNATURE,
                Optional.of(PreSharedKey.of("oops")), "")))
                .containsExactly("tunnel t1: a pre-shared key is set but the authentication method is RSA_SIGNATURE");
        assertThat(problems(t -> t.auth = new Authentication(Authentication.Method.ECDSA_SIGNATURE,
                Optional.empty(), "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n")))
                .containsExactly("tunnel t1: trusted CA PEM is not a valid certificate list");
    }

    @Test
    void ahCannotBeUdpEncapsulated() {
        assertThat(problems(t -> {
            t.protocol = IpsecSettings.Protocol.AH;
            t.ipsecProposals = List.of("sha256");
            t.forceEncapsulation = true;
        })).containsExactly("tunnel t1: AH cannot be encapsulated in UDP (RFC 3948 covers ESP only); use ESP or"
                + " turn off force_encapsulation");
    }

    @Test
    void children() {
        assertThat(problems(t -> t.children = List.of()))
                .containsExactly("tunnel t1: no child SAs: a tunnel needs at least one pair of traffic selectors");
        assertThat(problems(t -> t.children = List.of(new ChildConfig("net", List.of(), List.of("10.1.0.0/24")))))
                .containsExactly("tunnel t1, child net: no local selectors");
        assertThat(problems(t -> t.children = List.of(
                new ChildConfig("net", List.of("10.2.0.0/24"), List.of("10.1.0.0/24")),
                new ChildConfig("net", List.of("10.3.0.0/24"), List.of("10.1.0.0/24")))))
                .containsExactly("tunnel t1: duplicate child name 'net'");
        assertThat(problems(t -> t.children = List.of(
                new ChildConfig("net", List.of("10.2.0.0/24"), List.of("2001:db8::/32")))))
                .containsExactly("tunnel t1, child net: local selector 10.2.0.0/24 is IPv4 but no remote selector"
                        + " is; a child's local and remote selectors must be of the same address family (put IPv4"
                        + " and IPv6 subnets in separate children)",
                        "tunnel t1, child net: remote selector 2001:db8::/32 is IPv6 but no local selector"
                        + " is; a child's local and remote selectors must be of the same address family (put IPv4"
                        + " and IPv6 subnets in separate children)");
        assertThat(problems(t -> t.children = List.of(new ChildConfig("", List.of("10.2.0.0/24"),
                List.of("10.1.0.0/24"))))).containsExactly("tunnel t1, child #1: child name is empty");
    }

    @Test
    void ipv6SelectorsAreAcceptedAndFamiliesMayMixAcrossChildren() {
        assertThat(problems(t -> t.children = List.of(
                new ChildConfig("net4", List.of("10.2.0.0/24"), List.of("10.1.0.0/24")),
                new ChildConfig("net6", List.of("2001:db8:2::/64"), List.of("2001:db8:1::/64",
                        "2001:db8:1::10-2001:db8:1::20", "2001:db8:9::1"))))).isEmpty();
        // both families in one child: each selector pairs with the other side's of its family
        assertThat(problems(t -> t.children = List.of(new ChildConfig("dual",
                List.of("10.2.0.0/24", "2001:db8:2::/64"), List.of("10.1.0.0/24", "2001:db8:1::/64"))))).isEmpty();
        assertThat(problems(t -> t.children = List.of(new ChildConfig("dual",
                List.of("10.2.0.0/24", "2001:db8:2::/64"), List.of("10.1.0.0/24")))))
                .containsExactly("tunnel t1, child dual: local selector 2001:db8:2::/64 is IPv6 but no remote"
                        + " selector is; a child's local and remote selectors must be of the same address family"
                        + " (put IPv4 and IPv6 subnets in separate children)");
        assertThat(problems(t -> t.children = List.of(new ChildConfig("net6", List.of("2001:db8:2::1/64"),
                List.of("2001:db8:1::/64"))))).containsExactly("tunnel t1, child net6: local selector"
                        + " '2001:db8:2::1/64' has host bits set (did you mean 2001:db8:2::/64?)");
    }

    @Test
    void routesOnlyForRouteBasedTunnels() {
        assertThat(problems(t -> t.routes = List.of("10.9.0.0/24"))).containsExactly(
                "tunnel t1: has routes but is not route-based; policy-based tunnels are steered by their selectors");
        assertThat(problems(t -> {
            t.vpnType = TunnelConfig.VpnType.ROUTE_BASED;
            t.routes = List.of("10.9.0.0/24", "10.9.1.0-10.9.1.9");
        })).containsExactly("tunnel t1: route '10.9.1.0-10.9.1.9' is not a CIDR prefix (expected address/length)");
    }

    @Test
    void dpdAndReplayWindow() {
        assertThat(problems(t -> {
            t.dpdDelay = Duration.ofSeconds(30);
            t.dpdTimeout = Duration.ofSeconds(10);
        })).containsExactly("tunnel t1: DPD timeout 10 s is shorter than the DPD delay 30 s");
        assertThat(problems(t -> t.replayWindow = 0))
                .containsExactly("tunnel t1: replay window 0 is out of range (1 to 65536)");
        assertThat(problems(t -> t.replayWindow = 1L << 20))
                .containsExactly("tunnel t1: replay window 1048576 is out of range (1 to 65536)");
    }

    @Test
    void badNamesAndLocalAddress() {
        assertThat(problems(t -> t.name = " t1")).containsExactly(
                "tunnel  t1: tunnel name ' t1' has leading/trailing spaces or control characters");
        assertThat(problems(t -> t.name = "")).containsExactly("tunnel #1: tunnel name is empty");
        AgentConfig config = new AgentConfig("gw", "", Optional.of("192.0.2"), List.of());
        assertThat(ConfigValidator.validate(config))
                .containsExactly("local address '192.0.2' is not an IPv4 or IPv6 address");
    }

    @Test
    void everyProblemIsReportedAtOnceAndNoneLeaksTheKey() {
        TunnelBuilder t = new TunnelBuilder();
        t.remoteAddress = "";
        t.ikeProposals = List.of("bogus");
        t.children = List.of(new ChildConfig("net", List.of("x"), List.of("10.1.0.0/24")));
        t.auth = new Authentication(Authentication.Method.RSA_SIGNATURE,
                Optional.of(PreSharedKey.of("interop-test-psk-0123456789")), "");
        List<String> problems = ConfigValidator.validate(t.gateway());
        assertThat(problems).containsExactly(
                "tunnel t1: remote address is empty",
                "tunnel t1: unknown algorithm \"bogus\" in IKE proposal \"bogus\"",
                "tunnel t1, child net: local selector 'x' is not an IPv4 or IPv6 address, prefix or range",
                "tunnel t1: a pre-shared key is set but the authentication method is RSA_SIGNATURE");
        assertThat(String.join("\n", problems)).doesNotContain("interop-test-psk");
        assertThatThrownBy(() -> ConfigValidator.check(t.gateway()))
                .isInstanceOf(ConfigRejectedException.class)
                .hasMessageContaining("remote address is empty; ")
                .satisfies(e -> assertThat(((ConfigRejectedException) e).problems()).isEqualTo(problems));
        assertThat(t.build().toString()).doesNotContain("interop-test-psk");
    }

    @Test
    void longProblemListsAreCutInTheMessage() {
        TunnelBuilder t = new TunnelBuilder();
        t.children = java.util.stream.IntStream.range(0, 15)
                .mapToObj(i -> new ChildConfig("c" + i, List.of("bad"), List.of("10.1.0.0/24"))).toList();
        ConfigRejectedException e = new ConfigRejectedException(ConfigValidator.validate(t.gateway()));
        assertThat(e.problems()).hasSize(15);
        assertThat(e.getMessage()).endsWith("; and 5 more problems");
    }
}
