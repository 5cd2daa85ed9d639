package io.gatewise.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class IpLiteralsTest {

    @Test
    void acceptsCanonicalForms() {
        assertThat(IpLiterals.isIpv4("192.0.2.1")).isTrue();
        assertThat(IpLiterals.isIpv6("2001:db8::1")).isTrue();
        assertThat(IpLiterals.isIpv6("::")).isTrue();
        assertThat(IpLiterals.isIpv6("::ffff:192.0.2.1")).isTrue();
        assertThat(IpLiterals.isIpv6("1:2:3:4:5:6:7:8")).isTrue();
        assertThat(IpLiterals.isIpv6("64:ff9b::192.0.2.33")).isTrue();
    }

    @Test
    void rejectsWhatInetAddressWouldResolveOrGuess() {
        for (String bad : new String[] {"10.1", "010.1.1.1", "0x0a.1.1.1", "1.2.3.4.5", "256.1.1.1", "1.2.3.",
                "example.com", "1:::2", "1:2:3:4:5:6:7:8:9", "1::2::3", "fe80::1%eth0", "[::1]", "12345::",
                "1.2.3.4::", "g::1", ":1::2", "1:", "", " 1.2.3.4"}) {
            assertThat(IpLiterals.tryParse(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void formatsIpv6AsRfc5952() throws Exception {
        assertThat(IpLiterals.format(IpLiterals.parse("2001:0db8:0000:0000:0001:0000:0000:0001")))
                .isEqualTo("2001:db8::1:0:0:1");
        assertThat(IpLiterals.format(IpLiterals.parse("2001:db8:0:1:1:1:1:1"))).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(IpLiterals.format(InetAddress.getByName("::1"))).isEqualTo("::1");
    }

    @Property(tries = 500)
    void ipv6TextRoundTrips(@ForAll @Size(16) byte[] bytes) throws Exception {
        InetAddress a = Inet6Address.getByAddress(null, bytes, -1);
        InetAddress b = IpLiterals.parse(IpLiterals.format(a));
        assertThat(Arrays.equals(a.getAddress(), b.getAddress())).isTrue();
    }

    @Property(tries = 200)
    void ipv4TextRoundTrips(@ForAll @Size(4) byte[] bytes) throws Exception {
        InetAddress a = InetAddress.getByAddress(bytes);
        assertThat(IpLiterals.parse(a.getHostAddress()).getAddress()).isEqualTo(bytes);
    }
}
