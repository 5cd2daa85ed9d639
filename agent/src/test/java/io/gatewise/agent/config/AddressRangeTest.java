package io.gatewise.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class AddressRangeTest {

    @Test
    void prefix() {
        AddressRange r = AddressRange.parse("10.1.0.0/24");
        assertThat(r.first().getHostAddress()).isEqualTo("10.1.0.0");
        assertThat(r.last().getHostAddress()).isEqualTo("10.1.0.255");
        assertThat(r.prefixLength()).isEqualTo(24);
        assertThat(r.isIpv4()).isTrue();
        assertThat(r).hasToString("10.1.0.0/24");
        assertThat(AddressRange.parse("0.0.0.0/0").last().getHostAddress()).isEqualTo("255.255.255.255");
    }

    @Test
    void rangeAndSingleAddress() {
        AddressRange r = AddressRange.parse(" 10.1.0.10 - 10.1.0.20 ");
        assertThat(r.isPrefix()).isFalse();
        assertThat(r).hasToString("10.1.0.10-10.1.0.20");
        assertThat(AddressRange.parse("10.1.0.7")).hasToString("10.1.0.7/32");
        assertThat(AddressRange.parse("2001:DB8:0:0::/64")).hasToString("2001:db8::/64");
    }

    @Test
    void overlap() {
        assertThat(AddressRange.parse("10.1.0.0/24").overlaps(AddressRange.parse("10.1.0.128-10.2.0.0"))).isTrue();
        assertThat(AddressRange.parse("10.1.0.0/24").overlaps(AddressRange.parse("10.1.1.0/24"))).isFalse();
        assertThat(AddressRange.parse("::/0").overlaps(AddressRange.parse("0.0.0.0/0"))).isFalse();
    }

    @Test
    void errors() {
        assertThatThrownBy(() -> AddressRange.parse("2001:db8::/129"))
                .hasMessage("is not a valid IPv6 prefix: length 129 is larger than 128");
        assertThatThrownBy(() -> AddressRange.parsePrefix("10.1.0.0/-1"))
                .hasMessage("has no valid prefix length after '/'");
        assertThatThrownBy(() -> AddressRange.parse("")).hasMessage("is empty");
        assertThatThrownBy(() -> AddressRange.parse("example.com/24"))
                .hasMessage("has 'example.com', which is not an IPv4 or IPv6 address");
    }

    @Property(tries = 300)
    void everyIpv4PrefixRoundTrips(@ForAll @Size(4) byte[] bytes, @ForAll @IntRange(max = 32) int length)
            throws Exception {
        byte[] masked = bytes.clone();
        for (int bit = length; bit < 32; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        String text = InetAddress.getByAddress(masked).getHostAddress() + "/" + length;
        AddressRange r = AddressRange.parse(text);
        assertThat(r.toString()).isEqualTo(text);
        assertThat(AddressRange.parse(r.toString())).isEqualTo(r);
    }
}
