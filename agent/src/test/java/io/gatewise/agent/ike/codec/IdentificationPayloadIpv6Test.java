package io.gatewise.agent.ike.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The IPv6 Quick Mode client IDs of RFC 2407 section 4.6.2: ID_IPV6_ADDR (5, 16 bytes),
 * ID_IPV6_ADDR_SUBNET (6, address then mask) and ID_IPV6_ADDR_RANGE (8, first then last),
 * byte for byte on the wire and back.
 */
class IdentificationPayloadIpv6Test {
    /** The decoder checks payloads, not which exchange may carry them (MessageRules does). */
    private static final IsakmpHeader QM = IsakmpHeader.of(0x1122334455667788L, 0, ExchangeType.IDENTITY_PROTECTION,
            0, 0);
    private final IsakmpDecoder decoder = new IsakmpDecoder();

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void ipv6IdsHaveTheirRfc2407LayoutAndRoundTrip() throws Exception {
        IdentificationPayload host = IdentificationPayload.address(ip("2001:db8:1::5"), 0, 0);
        IdentificationPayload subnet = IdentificationPayload.subnet(ip("2001:db8:2::"), 64, 17, 53);
        IdentificationPayload range = IdentificationPayload.range(ip("2001:db8:3::10"), ip("2001:db8:3::20"), 6,
                443);
        assertThat(host.idType()).isEqualTo(IdType.IPV6_ADDR);
        assertThat(subnet.idType()).isEqualTo(IdType.IPV6_ADDR_SUBNET);
        assertThat(range.idType()).isEqualTo(IdType.IPV6_ADDR_RANGE);

        byte[] body = IsakmpEncoder.encodePayloads(List.of(subnet));
        // generic header (4, length 40), type 6, protocol 17, port 53, address, mask of 64 ones
        assertThat(HexFormat.of().formatHex(body)).isEqualTo("00000028" + "06110035"
                + "20010db8000200000000000000000000" + "ffffffffffffffff0000000000000000");

        List<Payload> all = List.of(host, subnet, range);
        byte[] wire = IsakmpEncoder.encode(QM, all);
        IsakmpMessage m = decoder.decode(wire).value();
        assertThat(m.payloads().payloads()).isEqualTo(all);
        List<IdentificationPayload> ids = m.payloads().all(IdentificationPayload.class);
        assertThat(ids.get(0).firstAddress()).isEqualTo(ip("2001:db8:1::5"));
        assertThat(ids.get(1).firstAddress()).isEqualTo(ip("2001:db8:2::"));
        assertThat(ids.get(1).lastAddress()).isEqualTo(ip("2001:db8:2::ffff:ffff:ffff:ffff"));
        assertThat(ids.get(1).prefixLength()).isEqualTo(64);
        assertThat(ids.get(2).lastAddress()).isEqualTo(ip("2001:db8:3::20"));
        assertThat(ids.get(1).port()).isEqualTo(53);
        assertThat(ids.get(1).protocolId()).isEqualTo(17);
    }

    @Test
    void ipv4MappedAddressesInAnIpv6IdStayIpv6() {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 10;
        IdentificationPayload id = new IdentificationPayload(IdType.IPV6_ADDR, 0, 0, Bytes.of(mapped));
        assertThat(id.firstAddress()).isInstanceOf(Inet6Address.class);
        assertThat(id.firstAddress().getAddress()).hasSize(16);
    }

    @Test
    void subnetMasksReportTheirPrefixOrNone() throws Exception {
        assertThat(IdentificationPayload.subnet(ip("::"), 0, 0, 0).prefixLength()).isZero();
        assertThat(IdentificationPayload.subnet(ip("2001:db8::1"), 128, 0, 0).prefixLength()).isEqualTo(128);
        assertThat(IdentificationPayload.subnet(ip("2001:db8::"), 47, 0, 0).prefixLength()).isEqualTo(47);
        byte[] holes = new byte[32];
        holes[16] = (byte) 0xff;
        holes[18] = (byte) 0xff;        // ff00:ff00:: is not contiguous
        assertThat(new IdentificationPayload(IdType.IPV6_ADDR_SUBNET, 0, 0, Bytes.of(holes)).prefixLength())
                .isEqualTo(-1);
        assertThatThrownBy(() -> IdentificationPayload.address(ip("2001:db8::1"), 0, 0).prefixLength())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void ipv6IdsOfTheWrongLengthAreInvalidIdInformation() throws Exception {
        byte[] wire = IsakmpEncoder.encode(QM, List.of(IdentificationPayload.address(ip("2001:db8::1"), 0, 0)));
        // declare it an IPV6_ADDR_SUBNET, which needs 32 bytes of data
        wire[28 + 4] = (byte) IdType.IPV6_ADDR_SUBNET.value();
        var r = decoder.decode(wire);
        assertThat(r.isOk()).isFalse();
        assertThat(r.failure().notifyType()).isEqualTo(NotifyType.INVALID_ID_INFORMATION);
        assertThatThrownBy(() -> IdentificationPayload.range(ip("10.0.0.1"), ip("2001:db8::1"), 0, 0))
                .hasMessageContaining("mixes address families");
    }
}
