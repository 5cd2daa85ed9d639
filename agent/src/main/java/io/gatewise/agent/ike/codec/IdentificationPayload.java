package io.gatewise.agent.ike.codec;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The Identification payload with the IPsec DOI fields, RFC 2407 section 4.6.2.
 *
 * <pre>
 * ! Next Payload  !   RESERVED    !        Payload Length         !
 * !   ID Type     !  Protocol ID  !             Port              !
 * ~                     Identification Data                       ~
 * </pre>
 *
 * In phase 1 it names the peer (protocol/port 0, or UDP/500); in Quick Mode the client
 * IDs carry the traffic selectors (RFC 2409 section 5.5): addresses, subnets, ranges,
 * plus an IP protocol and port (0 = any). Address-typed data must have the exact length
 * of its type; otherwise the payload is refused with INVALID-ID-INFORMATION.
 */
public record IdentificationPayload(IdType idType, int protocolId, int port, Bytes data) implements Payload {
    public static final PayloadType TYPE = PayloadType.IDENTIFICATION;

    public IdentificationPayload {
        Objects.requireNonNull(idType, "idType");
        Objects.requireNonNull(data, "data");
        Transform.checkOctet(protocolId, "protocol id");
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (idType.isAddressBased() ? data.length() != idType.dataLength() : data.isEmpty()) {
            throw new IllegalArgumentException(idType + " data of " + data.length() + " bytes");
        }
    }

    /** ID_IPV4_ADDR or ID_IPV6_ADDR for a host. */
    public static IdentificationPayload address(InetAddress address, int protocolId, int port) {
        IdType t = address instanceof Inet4Address ? IdType.IPV4_ADDR : IdType.IPV6_ADDR;
        return new IdentificationPayload(t, protocolId, port, Bytes.of(address.getAddress()));
    }

    /** ID_IPV4_ADDR_SUBNET / ID_IPV6_ADDR_SUBNET: network address and mask. */
    public static IdentificationPayload subnet(InetAddress network, int prefixLength, int protocolId, int port) {
        byte[] addr = network.getAddress();
        byte[] mask = new byte[addr.length];
        if (prefixLength < 0 || prefixLength > addr.length * 8) {
            throw new IllegalArgumentException("prefix length " + prefixLength);
        }
        for (int i = 0; i < prefixLength; i++) {
            mask[i / 8] |= (byte) (0x80 >>> (i % 8));
        }
        byte[] data = new byte[addr.length * 2];
        for (int i = 0; i < addr.length; i++) {
            data[i] = (byte) (addr[i] & mask[i]);
            data[addr.length + i] = mask[i];
        }
        IdType t = network instanceof Inet4Address ? IdType.IPV4_ADDR_SUBNET : IdType.IPV6_ADDR_SUBNET;
        return new IdentificationPayload(t, protocolId, port, Bytes.of(data));
    }

    /** ID_IPV4_ADDR_RANGE / ID_IPV6_ADDR_RANGE: first and last address, both inclusive. */
    public static IdentificationPayload range(InetAddress first, InetAddress last, int protocolId, int port) {
        byte[] a = first.getAddress();
        byte[] b = last.getAddress();
        if (a.length != b.length) {
            throw new IllegalArgumentException("range mixes address families");
        }
        byte[] data = new byte[a.length * 2];
        System.arraycopy(a, 0, data, 0, a.length);
        System.arraycopy(b, 0, data, a.length, b.length);
        IdType t = first instanceof Inet4Address ? IdType.IPV4_ADDR_RANGE : IdType.IPV6_ADDR_RANGE;
        return new IdentificationPayload(t, protocolId, port, Bytes.of(data));
    }

    public static IdentificationPayload fqdn(String name) {
        return new IdentificationPayload(IdType.FQDN, 0, 0, Bytes.of(name.getBytes(StandardCharsets.US_ASCII)));
    }

    public static IdentificationPayload userFqdn(String name) {
        return new IdentificationPayload(IdType.USER_FQDN, 0, 0, Bytes.of(name.getBytes(StandardCharsets.US_ASCII)));
    }

    /** ID_DER_ASN1_DN: the DER encoding of an X.500 distinguished name. */
    public static IdentificationPayload derAsn1Dn(Bytes der) {
        return new IdentificationPayload(IdType.DER_ASN1_DN, 0, 0, der);
    }

    /**
     * The first address of an address-typed ID: the address, the range start, or the
     * network address of a subnet (host bits cleared, whatever the sender put there).
     */
    public InetAddress firstAddress() {
        requireAddressBased();
        int len = family();
        if (idType == IdType.IPV4_ADDR_SUBNET || idType == IdType.IPV6_ADDR_SUBNET) {
            byte[] d = data.toByteArray();
            byte[] first = new byte[len];
            for (int i = 0; i < len; i++) {
                first[i] = (byte) (d[i] & d[len + i]);
            }
            return toAddress(first);
        }
        return toAddress(0, len);
    }

    /**
     * The last address covered: the address itself, the range end, or the network's
     * broadcast address for a subnet.
     */
    public InetAddress lastAddress() {
        requireAddressBased();
        int len = family();
        return switch (idType) {
            case IPV4_ADDR, IPV6_ADDR -> toAddress(0, len);
            case IPV4_ADDR_RANGE, IPV6_ADDR_RANGE -> toAddress(len, len);
            default -> {
                byte[] d = data.toByteArray();
                byte[] last = new byte[len];
                for (int i = 0; i < len; i++) {
                    last[i] = (byte) (d[i] | ~d[len + i]);
                }
                yield toAddress(last);
            }
        };
    }

    /**
     * The prefix length a subnet ID's mask stands for, or -1 when the mask is not
     * contiguous (leading ones, then zeros), which names no CIDR block.
     */
    public int prefixLength() {
        if (idType != IdType.IPV4_ADDR_SUBNET && idType != IdType.IPV6_ADDR_SUBNET) {
            throw new IllegalStateException(idType + " has no mask");
        }
        byte[] d = data.toByteArray();
        int len = family();
        int ones = 0;
        while (ones < len * 8 && (d[len + ones / 8] & (0x80 >>> (ones % 8))) != 0) {
            ones++;
        }
        for (int i = ones; i < len * 8; i++) {
            if ((d[len + i / 8] & (0x80 >>> (i % 8))) != 0) {
                return -1;
            }
        }
        return ones;
    }

    /** The identification data as text, for FQDN and USER_FQDN ids. */
    public String text() {
        return new String(data.toByteArray(), StandardCharsets.US_ASCII);
    }

    private void requireAddressBased() {
        if (!idType.isAddressBased()) {
            throw new IllegalStateException(idType + " is not an address");
        }
    }

    private int family() {
        return switch (idType) {
            case IPV4_ADDR, IPV4_ADDR_SUBNET, IPV4_ADDR_RANGE -> 4;
            default -> 16;
        };
    }

    private InetAddress toAddress(int offset, int len) {
        byte[] d = data.toByteArray();
        byte[] a = new byte[len];
        System.arraycopy(d, offset, a, 0, len);
        return toAddress(a);
    }

    private static InetAddress toAddress(byte[] a) {
        try {
            // Inet6Address.getByAddress: InetAddress.getByAddress would turn an IPv4-mapped
            // ::ffff:a.b.c.d from an IPv6 ID into an IPv4 address, so a v6 ID could match a
            // v4 policy
            return a.length == 4 ? InetAddress.getByAddress(a) : Inet6Address.getByAddress(null, a, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);   // cannot happen: length is 4 or 16
        }
    }

    @Override
    public int typeValue() {
        return TYPE.value();
    }

    static IdentificationPayload decodeBody(PayloadReader r) throws CodecException {
        int type = r.u8("ID type");
        int protocol = r.u8("ID protocol");
        int port = r.u16("ID port");
        IdType idType = IdType.fromValue(type).orElseThrow(
                () -> new CodecException(NotifyType.INVALID_ID_INFORMATION, "unknown ID type " + type));
        int len = r.remaining();
        if (idType.isAddressBased() ? len != idType.dataLength() : len == 0) {
            throw new CodecException(NotifyType.INVALID_ID_INFORMATION,
                    idType + " with " + len + " bytes of identification data");
        }
        return new IdentificationPayload(idType, protocol, port, r.rest());
    }

    @Override
    public void encodeBody(PayloadWriter w) {
        w.u8(idType.value()).u8(protocolId).u16(port).bytes(data);
    }

    @Override
    public String toString() {
        String what;
        if (idType == IdType.FQDN || idType == IdType.USER_FQDN) {
            what = text();
        } else if (idType.isAddressBased()) {
            what = firstAddress().getHostAddress() + (idType == IdType.IPV4_ADDR || idType == IdType.IPV6_ADDR
                    ? "" : "-" + lastAddress().getHostAddress());
        } else {
            what = data.toString();
        }
        return "ID[" + idType + " " + what + (protocolId != 0 || port != 0 ? " " + protocolId + "/" + port : "") + "]";
    }
}
