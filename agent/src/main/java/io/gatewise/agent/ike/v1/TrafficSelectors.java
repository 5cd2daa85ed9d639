package io.gatewise.agent.ike.v1;

import java.math.BigInteger;
import java.net.InetAddress;

import io.gatewise.agent.ike.codec.IdType;
import io.gatewise.agent.ike.codec.IdentificationPayload;
import io.gatewise.agent.ike.codec.NotifyType;
import io.gatewise.agent.ike.sa.IkeException;
import io.gatewise.agent.ipsec.TrafficSelector;

/**
 * Traffic selectors as Quick Mode client IDs (RFC 2409 section 5.5, RFC 2407 section
 * 4.6.2): a single address becomes ID_IPV4_ADDR, a prefix ID_IPV4_ADDR_SUBNET, any other
 * range ID_IPV4_ADDR_RANGE (IPv6 alike). An ID carries one port, or 0 for all.
 */
public final class TrafficSelectors {
    private TrafficSelectors() {
    }

    public static IdentificationPayload toId(TrafficSelector ts) {
        int port = port(ts);
        InetAddress a = ts.start();
        InetAddress b = ts.end();
        if (a.equals(b)) {
            return IdentificationPayload.address(a, ts.ipProtocol(), port);
        }
        int prefix = prefixLength(a, b);
        if (prefix >= 0) {
            return IdentificationPayload.subnet(a, prefix, ts.ipProtocol(), port);
        }
        return IdentificationPayload.range(a, b, ts.ipProtocol(), port);
    }

    private static int port(TrafficSelector ts) {
        if (ts.startPort() == 0 && ts.endPort() == 65535) {
            return 0;
        }
        if (ts.startPort() == ts.endPort()) {
            return ts.startPort();
        }
        throw new IllegalArgumentException("IKEv1 IDs carry one port or all: " + describe(ts));
    }

    /** The selector an ID names. */
    public static TrafficSelector fromId(IdentificationPayload id) throws IkeException {
        if (!id.idType().isAddressBased()) {
            throw IkeException.of(NotifyType.INVALID_ID_INFORMATION,
                    "Quick Mode ID of type " + id.idType() + " names no addresses");
        }
        if ((id.idType() == IdType.IPV4_ADDR_SUBNET || id.idType() == IdType.IPV6_ADDR_SUBNET)
                && id.prefixLength() < 0) {
            throw IkeException.of(NotifyType.INVALID_ID_INFORMATION, "subnet mask is not contiguous: " + id);
        }
        InetAddress first = id.firstAddress();
        InetAddress last = id.lastAddress();
        if (id.idType() == IdType.IPV4_ADDR_RANGE || id.idType() == IdType.IPV6_ADDR_RANGE) {
            if (new BigInteger(1, first.getAddress()).compareTo(new BigInteger(1, last.getAddress())) > 0) {
                throw IkeException.of(NotifyType.INVALID_ID_INFORMATION, "address range runs backwards: " + id);
            }
        }
        int port = id.port();
        return new TrafficSelector(first, last, id.protocolId(), port == 0 ? 0 : port, port == 0 ? 65535 : port);
    }

    /** The prefix length when [a, b] is exactly one CIDR block, else -1. */
    static int prefixLength(InetAddress a, InetAddress b) {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        int bits = x.length * 8;
        int prefix = 0;
        while (prefix < bits && bit(x, prefix) == bit(y, prefix)) {
            prefix++;
        }
        for (int i = prefix; i < bits; i++) {
            if (bit(x, i) != 0 || bit(y, i) != 1) {
                return -1;
            }
        }
        return prefix;
    }

    private static int bit(byte[] b, int i) {
        return (b[i / 8] >>> (7 - i % 8)) & 1;
    }

    /**
     * "10.1.0.0/24", "10.1.0.1", "10.1.0.1-10.1.0.9", "2001:db8:1::/64", with " proto 6
     * port 443" when set. IPv6 in the RFC 5952 text form, as strongSwan prints it.
     */
    public static String describe(TrafficSelector ts) {
        String addr;
        if (ts.start().equals(ts.end())) {
            addr = format(ts.start());
        } else {
            int prefix = prefixLength(ts.start(), ts.end());
            addr = prefix >= 0 ? format(ts.start()) + "/" + prefix
                    : format(ts.start()) + "-" + format(ts.end());
        }
        String extra = ts.ipProtocol() != 0 ? " proto " + ts.ipProtocol() : "";
        if (!(ts.startPort() == 0 && ts.endPort() == 65535)) {
            extra += " port " + ts.startPort() + (ts.endPort() != ts.startPort() ? "-" + ts.endPort() : "");
        }
        return addr + extra;
    }

    /** An address as text: the dotted quad, or IPv6 per RFC 5952 ({@link io.gatewise.agent.ipsec.AddressText}). */
    static String format(InetAddress a) {
        return io.gatewise.agent.ipsec.AddressText.of(a);
    }

    /**
     * Whether {@code inner} lies within {@code outer}: its address range inside, the same
     * protocol unless {@code outer} allows any, its port range inside.
     */
    public static boolean contains(TrafficSelector outer, TrafficSelector inner) {
        if (outer.start().getAddress().length != inner.start().getAddress().length) {
            return false;   // an IPv6 policy never covers an IPv4 ID, nor the other way round
        }
        if (outer.ipProtocol() != 0 && outer.ipProtocol() != inner.ipProtocol()) {
            return false;
        }
        return unsigned(outer.start()).compareTo(unsigned(inner.start())) <= 0
                && unsigned(inner.end()).compareTo(unsigned(outer.end())) <= 0
                && outer.startPort() <= inner.startPort() && inner.endPort() <= outer.endPort();
    }

    private static BigInteger unsigned(InetAddress a) {
        return new BigInteger(1, a.getAddress());
    }

    /** A host selector for one address, any protocol and port. */
    public static TrafficSelector host(InetAddress a) {
        return new TrafficSelector(a, a, 0, 0, 65535);
    }

    /** A prefix selector, any protocol and port. */
    public static TrafficSelector subnet(InetAddress network, int prefix) {
        IdentificationPayload id = IdentificationPayload.subnet(network, prefix, 0, 0);
        return new TrafficSelector(id.firstAddress(), id.lastAddress(), 0, 0, 65535);
    }
}
