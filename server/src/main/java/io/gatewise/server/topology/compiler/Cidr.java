package io.gatewise.server.topology.compiler;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import io.gatewise.server.system.AddressText;
import io.gatewise.server.system.InetSyntax;

/**
 * A CIDR prefix as a numeric range, for overlap checks. Host bits must be zero.
 *
 * <p>Addresses are parsed without DNS ({@link InetSyntax}). An IPv4-mapped IPv6 literal
 * ({@code ::ffff:10.0.0.0/104}) is refused: the JDK reads it as IPv4, the agent as IPv6.
 *
 * @param text  the prefix as written (canonical input expected, e.g. 10.1.0.0/24)
 * @param ipv6  address family
 * @param first first address of the range
 * @param last  last address of the range
 */
public record Cidr(String text, boolean ipv6, BigInteger first, BigInteger last) implements Comparable<Cidr> {

    /**
     * The prefix in canonical text: IPv4 as a dotted quad, IPv6 compressed and lower case
     * (RFC 5952 section 4), so that {@code 2001:DB8:0:0::/64} is stored, shown and
     * compared as {@code 2001:db8::/64} (the pre-flight matches selectors as text).
     * Text that is not a valid prefix is returned unchanged (trimmed), for the validator
     * to report.
     */
    public static String canonical(String text) {
        String trimmed = text == null ? "" : text.trim();
        return AddressText.cidr(trimmed).orElse(trimmed);
    }

    /** {@link #canonical(String)} of each, duplicates (after canonicalisation) dropped, order kept. */
    public static List<String> canonical(List<String> texts) {
        return texts.stream().map(Cidr::canonical).distinct().toList();
    }

    /** True for an IPv6 prefix (the agent pairs selectors per address family). */
    static boolean isIpv6(String text) {
        return text.indexOf(':') >= 0;
    }

    /** @return empty when {@code text} is not a CIDR prefix with zero host bits */
    static Optional<Cidr> parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        Optional<InetAddress> address = InetSyntax.parseIpLiteral(text.substring(0, slash));
        if (address.isEmpty() || AddressText.isIpv4Mapped(text)) {
            return Optional.empty();
        }
        int bits = address.get() instanceof Inet6Address ? 128 : 32;
        String length = text.substring(slash + 1);
        if (!length.matches("\\d{1,3}")) {
            return Optional.empty();
        }
        int prefix = Integer.parseInt(length);
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
