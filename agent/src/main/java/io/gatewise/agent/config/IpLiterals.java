package io.gatewise.agent.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Strict parsing of IP address literals, without ever asking DNS.
 *
 * <p>{@link InetAddress#getByName(String)} falls back to a DNS lookup for anything it
 * does not recognise as a literal, and it accepts legacy IPv4 forms such as
 * {@code 10.1} or {@code 0x0a.1.2.3}. A config validator must do neither: a typo in
 * a selector must be reported, not resolved. IPv4 is the dotted-quad form of RFC 790
 * without leading zeros; IPv6 is the text form of RFC 4291 section 2.2 (including a
 * trailing dotted quad), without zone ids and brackets.
 */
public final class IpLiterals {
    private IpLiterals() {
    }

    /** Parses an IPv4 or IPv6 literal, or throws with a plain-words reason. */
    public static InetAddress parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException(
                "'" + text + "' is not an IPv4 or IPv6 address"));
    }

    /** Parses an IPv4 or IPv6 literal; empty when the text is not one. */
    public static Optional<InetAddress> tryParse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text);
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            // Inet6Address.getByAddress keeps IPv4-mapped addresses as IPv6 (InetAddress
            // would silently turn ::ffff:a.b.c.d into an IPv4 address).
            return Optional.of(bytes.length == 4
                    ? InetAddress.getByAddress(bytes)
                    : Inet6Address.getByAddress(null, bytes, -1));
        } catch (UnknownHostException e) {
            // Impossible for 4 or 16 bytes.
            throw new IllegalStateException(e);
        }
    }

    /** True when the text is an IPv4 dotted quad. */
    public static boolean isIpv4(String text) {
        return tryParse(text).filter(Inet4Address.class::isInstance).isPresent();
    }

    /** True when the text is an IPv6 literal. */
    public static boolean isIpv6(String text) {
        return tryParse(text).filter(Inet6Address.class::isInstance).isPresent();
    }

    /** Canonical text of an address: dotted quad, or RFC 5952 compressed IPv6. */
    public static String format(InetAddress address) {
        return io.gatewise.agent.ipsec.AddressText.of(address);
    }

    private static byte[] parseV4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            Integer value = decimalOctet(parts[i]);
            if (value == null) {
                return null;
            }
            out[i] = (byte) value.intValue();
        }
        return out;
    }

    private static Integer decimalOctet(String part) {
        if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
            return null;
        }
        int value = 0;
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 255 ? value : null;
    }

    private static byte[] parseV6(String text) {
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return null;
        }
        String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
        String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
        int[] headGroups = groups(head, doubleColon < 0);
        int[] tailGroups = doubleColon >= 0 ? groups(tail, true) : new int[0];
        if (headGroups == null || tailGroups == null) {
            return null;
        }
        int total = headGroups.length + tailGroups.length;
        if (doubleColon < 0 ? total != 8 : total > 7) {
            return null;
        }
        int[] all = new int[8];
        System.arraycopy(headGroups, 0, all, 0, headGroups.length);
        System.arraycopy(tailGroups, 0, all, 8 - tailGroups.length, tailGroups.length);
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[2 * i] = (byte) (all[i] >>> 8);
            out[2 * i + 1] = (byte) all[i];
        }
        return out;
    }

    /**
     * Parses colon-separated hex groups; when {@code mayEndWithV4} the last element may be
     * a dotted quad, counted as two groups.
     */
    private static int[] groups(String part, boolean mayEndWithV4) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] items = part.split(":", -1);
        int[] out = new int[items.length + 1];
        int n = 0;
        for (int i = 0; i < items.length; i++) {
            String item = items[i];
            if (i == items.length - 1 && mayEndWithV4 && item.indexOf('.') >= 0) {
                byte[] v4 = parseV4(item);
                if (v4 == null) {
                    return null;
                }
                out[n++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                out[n++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                continue;
            }
            if (item.isEmpty() || item.length() > 4) {
                return null;
            }
            int value = 0;
            for (int k = 0; k < item.length(); k++) {
                int digit = Character.digit(item.charAt(k), 16);
                if (digit < 0) {
                    return null;
                }
                value = (value << 4) | digit;
            }
            out[n++] = value;
        }
        int[] trimmed = new int[n];
        System.arraycopy(out, 0, trimmed, 0, n);
        return trimmed;
    }
}
