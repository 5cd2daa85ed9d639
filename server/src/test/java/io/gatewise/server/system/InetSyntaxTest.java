package io.gatewise.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InetSyntaxTest {
    @Test
    void ipLiterals() {
        assertThat(InetSyntax.isIpLiteral("192.0.2.1")).isTrue();
        assertThat(InetSyntax.isIpLiteral("2001:db8::1")).isTrue();
        assertThat(InetSyntax.isIpLiteral("256.1.1.1")).isFalse();
        assertThat(InetSyntax.isIpLiteral("1.2.3")).isFalse();
        assertThat(InetSyntax.isIpLiteral("gw.example.net")).isFalse();
        assertThat(InetSyntax.isIpLiteral("2001:db8::zz")).isFalse();
    }

    @Test
    void hostnames() {
        assertThat(InetSyntax.isHostname("gw-1.example.net")).isTrue();
        assertThat(InetSyntax.isHostname("localhost")).isTrue();
        assertThat(InetSyntax.isHostname("-bad.example")).isFalse();
        assertThat(InetSyntax.isHostname("under_score.example")).isFalse();
        assertThat(InetSyntax.isHostname("1.2.3.4")).isFalse();
        assertThat(InetSyntax.isHost("")).isFalse();
        assertThat(InetSyntax.isHost("a b")).isFalse();
    }

    @Test
    void cidrPrefixes() {
        assertThat(InetSyntax.checkCidr("10.1.0.0/24")).isEmpty();
        assertThat(InetSyntax.checkCidr("0.0.0.0/0")).isEmpty();
        assertThat(InetSyntax.checkCidr("2001:db8::/48")).isEmpty();
        assertThat(InetSyntax.checkCidr("10.1.0.5/24")).get().asString().contains("host bits");
        assertThat(InetSyntax.checkCidr("10.1.0.0/33")).get().asString().contains("0..32");
        assertThat(InetSyntax.checkCidr("10.1.0.0")).get().asString().contains("CIDR");
        assertThat(InetSyntax.checkCidr("gw/24")).get().asString().contains("IP address");
        assertThat(InetSyntax.checkCidr("10.0.0.0/+8")).isPresent();
    }
}
