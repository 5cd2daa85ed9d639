package io.gatewise.server.system;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Syntax checks for addresses typed by operators: IP literals, DNS names and CIDR
 * prefixes. Never resolves names: validation must not depend on (or leak to) DNS.
 */
public final class InetSyntax {
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
    // RFC 1123 host names: labels of letters, digits and inner hyphens, at most 253 characters.
    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");

    private InetSyntax() {
    }

    /** Parses an IPv4 or IPv6 literal without any name lookup. */
    public static Optional<InetAddress> parseIpLiteral(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            if (IPV4.matcher(text).matches()) {
                return Optional.of(InetAddress.getByName(text));
            }
            // The JDK parses anything containing ':' as an IPv6 literal and never looks it up.
            if (text.contains(":") && IPV6_CHARS.matcher(text).matches()) {
                return Optional.of(InetAddress.getByName(text));
            }
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    public static boolean isIpLiteral(String text) {
        return parseIpLiteral(text).isPresent();
    }

    /** A DNS host name (not an IP literal). */
    public static boolean isHostname(String text) {
        return text != null && HOSTNAME.matcher(text).matches() && !IPV4.matcher(text).matches()
                && !text.matches("[0-9.]+");
    }

    /** An IP literal or a DNS host name. */
    public static boolean isHost(String text) {
        return isIpLiteral(text) || isHostname(text);
    }

    /**
     * A CIDR prefix such as {@code 10.1.0.0/24} or {@code 2001:db8::/48} whose host bits
     * are zero (a {@code 10.1.0.5/24} is almost always a typo for the network).
     *
     * @return empty when valid, else the reason in plain words
     */
    public static Optional<String> checkCidr(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of("empty subnet");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            return Optional.of("'" + text + "' is not a subnet in CIDR form (like 10.1.0.0/24)");
        }
        Optional<InetAddress> address = parseIpLiteral(text.substring(0, slash));
        if (address.isEmpty()) {
            return Optional.of("'" + text + "' does not start with an IP address");
        }
        byte[] bytes = address.get().getAddress();
        int maxLength = bytes.length * 8;
        int length;
        try {
            length = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            return Optional.of("'" + text + "' has no valid prefix length");
        }
        if (length < 0 || length > maxLength || !text.substring(slash + 1).matches("\\d{1,3}")) {
            return Optional.of("'" + text + "': prefix length must be 0.." + maxLength);
        }
        for (int bit = length; bit < maxLength; bit++) {
            if ((bytes[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                return Optional.of("'" + text + "' has host bits set; did you mean the network address?");
            }
        }
        return Optional.empty();
    }
}
