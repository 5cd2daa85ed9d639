package io.gatewise.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 5952 section 4 text, with the RFC's own examples. */
class AddressTextTest {
    private static String text(String literal) {
        return AddressText.of(InetSyntax.parseIpLiteral(literal).orElseThrow());
    }

    @Test
    void ipv6IsLowerCaseWithoutLeadingZerosAndTheLongestZeroRunCompressed() {
        assertThat(text("2001:0db8:0:0:0:0:2:1")).isEqualTo("2001:db8::2:1"); // 4.1, 4.2.1
        assertThat(text("2001:db8:0:1:1:1:1:1")).as("one zero group stays").isEqualTo("2001:db8:0:1:1:1:1:1"); // 4.2.2
        assertThat(text("2001:0:0:1:0:0:0:1")).as("the longest run").isEqualTo("2001:0:0:1::1"); // 4.2.3
        assertThat(text("2001:db8:0:0:1:0:0:1")).as("the first on a tie").isEqualTo("2001:db8::1:0:0:1"); // 4.2.3
        assertThat(text("2001:DB8::ABCD")).isEqualTo("2001:db8::abcd"); // 4.3
        assertThat(text("0:0:0:0:0:0:0:0")).isEqualTo("::");
        assertThat(text("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(text("fe80:0:0:0:0:0:0:0")).isEqualTo("fe80::");
        assertThat(text("192.0.2.1")).isEqualTo("192.0.2.1");
    }

    @Test
    void prefixesKeepTheirLengthAndInvalidOnesAreRefused() {
        assertThat(AddressText.cidr("2001:DB8:0:0::/64")).hasValue("2001:db8::/64");
        assertThat(AddressText.cidr("10.1.0.0/24")).hasValue("10.1.0.0/24");
        assertThat(AddressText.cidr("::/0")).hasValue("::/0");
        assertThat(AddressText.cidr("2001:db8::1/64")).as("host bits").isEmpty();
        assertThat(AddressText.cidr("2001:db8::/129")).isEmpty();
        assertThat(AddressText.cidr("::ffff:10.1.0.0/24")).as("IPv4-mapped: IPv4 to the JDK, IPv6 to the agent")
                .isEmpty();
        assertThat(AddressText.isIpv4Mapped("::ffff:10.1.0.0/24")).isTrue();
        assertThat(AddressText.isIpv4Mapped("10.1.0.0/24")).isFalse();
        assertThat(AddressText.isIpv4Mapped("2001:db8::/64")).isFalse();
    }
}
