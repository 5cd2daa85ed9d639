package io.gatewise.server.topology.compiler;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

import io.gatewise.server.system.InetSyntax;

/**
 * A CIDR prefix as a numeric range, for overlap checks. Host bits must be zero.
 *
 * @param text  the prefix as written (canonical input expected, e.g. 10.1.0.0/24)
 * @param ipv6  address family
 * @param first first address of the range
 * @param last  last address of the range
 */
record Cidr(String text, boolean ipv6, BigInteger first, BigInteger last) implements Comparable<Cidr> {

    /** @return empty when {@code text} is not a CIDR prefix with zero host bits */
    static Optional<Cidr> parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        Optional<InetAddress> address = InetSyntax.parseIpLiteral(text.substring(0, slash));
        if (address.isEmpty()) {
            return Optional.empty();
        }
        int bits = address.get() instanceof Inet6Address ? 128 : 32;
        int prefix;
        try {
            prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (prefix < 0 || prefix > bits) {
            return Optional.empty();
        }
        BigInteger value = new BigInteger(1, address.get().getAddress());
        BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
        if (!value.and(hostMask).equals(BigInteger.ZERO)) {
            return Optional.empty();
        }
        return Optional.of(new Cidr(text, bits == 128, value, value.or(hostMask)));
    }

    boolean overlaps(Cidr other) {
        return ipv6 == other.ipv6 && first.compareTo(other.last) <= 0 && other.first.compareTo(last) <= 0;
    }

    @Override
    public int compareTo(Cidr o) {
        if (ipv6 != o.ipv6) {
            return ipv6 ? 1 : -1;
        }
        int c = first.compareTo(o.first);
        return c != 0 ? c : o.last.compareTo(last); // wider first
    }
}
