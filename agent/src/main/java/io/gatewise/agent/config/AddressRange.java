package io.gatewise.agent.config;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A contiguous block of IP addresses of one family, as written in a traffic selector or
 * a route: a CIDR prefix {@code 10.1.0.0/24}, a range {@code 10.1.0.10-10.1.0.20}, or a
 * single address (a host prefix).
 *
 * <p>In IKEv1 Quick Mode these become ID_IPV4_ADDR_SUBNET / ID_IPV4_ADDR_RANGE (and the
 * IPv6 variants) identification payloads (RFC 2407 section 4.6.2.1).
 *
 * @param first        lowest address of the block
 * @param last         highest address of the block, same family as {@code first}
 * @param prefixLength the CIDR prefix length when the text was a prefix or a single
 *                     address, -1 when it was a range
 */
public record AddressRange(InetAddress first, InetAddress last, int prefixLength) {

    public AddressRange {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (first.getAddress().length != last.getAddress().length) {
            throw new IllegalArgumentException("range mixes IPv4 and IPv6");
        }
        if (compare(first, last) > 0) {
            throw new IllegalArgumentException("range starts after it ends");
        }
    }

    /**
     * Parses a selector: CIDR prefix, {@code a-b} range or single address. Throws
     * {@link IllegalArgumentException} whose message says what is wrong, without
     * repeating the input (the caller names the field).
     */
    public static AddressRange parse(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("is empty");
        }
        if (t.indexOf('/') >= 0) {
            return parsePrefix(t);
        }
        int dash = t.indexOf('-');
        if (dash >= 0) {
            InetAddress a = address(t.substring(0, dash).trim());
            InetAddress b = address(t.substring(dash + 1).trim());
            if (a.getAddress().length != b.getAddress().length) {
                throw new IllegalArgumentException("range mixes IPv4 and IPv6");
            }
            if (compare(a, b) > 0) {
                throw new IllegalArgumentException("range starts after it ends");
            }
            return new AddressRange(a, b, -1);
        }
        InetAddress single = IpLiterals.tryParse(t).orElseThrow(() -> new IllegalArgumentException(
                "is not an IPv4 or IPv6 address, prefix or range"));
        return new AddressRange(single, single, single.getAddress().length * 8);
    }

    /** Parses a CIDR prefix only (routes); host bits must be zero. */
    public static AddressRange parsePrefix(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("is not a CIDR prefix (expected address/length)");
        }
        InetAddress network = address(t.substring(0, slash));
        int bits = network.getAddress().length * 8;
        String lengthText = t.substring(slash + 1);
        if (lengthText.isEmpty() || lengthText.length() > 3 || !lengthText.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("has no valid prefix length after '/'");
        }
        int length = Integer.parseInt(lengthText);
        String family = network instanceof Inet4Address ? "IPv4" : "IPv6";
        if (length > bits) {
            throw new IllegalArgumentException("is not a valid " + family + " prefix: length " + length
                    + " is larger than " + bits);
        }
        byte[] first = network.getAddress();
        byte[] last = first.clone();
        for (int bit = length; bit < bits; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((first[bit / 8] & mask) != 0) {
                byte[] masked = network.getAddress();
                for (int b = length; b < bits; b++) {
                    masked[b / 8] &= (byte) ~(0x80 >>> (b % 8));
                }
                throw new IllegalArgumentException("has host bits set (did you mean "
                        + IpLiterals.format(toAddress(masked)) + "/" + length + "?)");
            }
            last[bit / 8] |= (byte) mask;
        }
        return new AddressRange(network, toAddress(last), length);
    }

    public boolean isIpv4() {
        return first instanceof Inet4Address;
    }

    public boolean isPrefix() {
        return prefixLength >= 0;
    }

    /** True when this block and {@code other} share at least one address. */
    public boolean overlaps(AddressRange other) {
        return isIpv4() == other.isIpv4()
                && compare(first, other.last) <= 0 && compare(other.first, last) <= 0;
    }

    /** The canonical text: {@code 10.1.0.0/24} or {@code 10.1.0.10-10.1.0.20}. */
    @Override
    public String toString() {
        return isPrefix()
                ? IpLiterals.format(first) + "/" + prefixLength
                : IpLiterals.format(first) + "-" + IpLiterals.format(last);
    }

    private static InetAddress address(String text) {
        return IpLiterals.tryParse(text).orElseThrow(() -> new IllegalArgumentException(
                "has '" + text + "', which is not an IPv4 or IPv6 address"));
    }

    private static InetAddress toAddress(byte[] bytes) {
        try {
            return bytes.length == 4 ? InetAddress.getByAddress(bytes) : Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int compare(InetAddress a, InetAddress b) {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        if (x.length != y.length) {
            return Integer.compare(x.length, y.length);
        }
        return new BigInteger(1, x).compareTo(new BigInteger(1, y));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressRange r && prefixLength == r.prefixLength
                && Arrays.equals(first.getAddress(), r.first.getAddress())
                && Arrays.equals(last.getAddress(), r.last.getAddress());
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(first.getAddress()), Arrays.hashCode(last.getAddress()), prefixLength);
    }
}
