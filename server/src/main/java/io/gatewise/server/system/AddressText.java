package io.gatewise.server.system;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * The one text form of an IP address or CIDR prefix the server stores, shows and
 * compares: IPv4 as a dotted quad, IPv6 as RFC 5952 section 4 recommends (lower case, no
 * leading zeros, the longest run of two or more zero groups compressed to {@code ::},
 * the first one on a tie). {@code 2001:DB8:0:0::/64} and {@code 2001:db8::/64} are one
 * prefix; the pre-flight and the change log compare text.
 */
public final class AddressText {
    private AddressText() {
    }

    /** The canonical text of an address (IPv4 dotted quad, IPv6 per RFC 5952 section 4). */
    public static String of(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return address.getHostAddress();
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        // section 4.2.1-4.2.3: the longest run of at least two zero groups, the first if tied
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i])); // section 4.1 and 4.3: no leading zeros, lower case
        }
        return out.toString();
    }

    /**
     * The canonical text of a prefix that {@link InetSyntax#checkCidr} accepts; empty when
     * it does not, and for an IPv4-mapped IPv6 address ({@code ::ffff:10.1.0.0/24}), which
     * the JDK reads as IPv4 and the agent as IPv6: the two would mean different prefixes.
     */
    public static Optional<String> cidr(String text) {
        if (text == null || InetSyntax.checkCidr(text).isPresent()) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        String address = text.substring(0, slash);
        InetAddress parsed = InetSyntax.parseIpLiteral(address).orElseThrow();
        if (address.indexOf(':') >= 0 && parsed instanceof Inet4Address) {
            return Optional.empty();
        }
        return Optional.of(of(parsed) + "/" + Integer.parseInt(text.substring(slash + 1)));
    }

    /** True when the text is an IPv4-mapped IPv6 literal the JDK turns into IPv4. */
    public static boolean isIpv4Mapped(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        return address != null && address.indexOf(':') >= 0
                && InetSyntax.parseIpLiteral(address).filter(Inet4Address.class::isInstance).isPresent();
    }
}
