package io.gatewise.agent.ipsec;

import java.net.InetAddress;

/**
 * The one text form of an address in the agent (selectors, routes, config messages, logs):
 * the dotted quad, or IPv6 per RFC 5952 section 4, as strongSwan and {@code ip} print it.
 */
public final class AddressText {
    private AddressText() {
    }

    /**
     * Lowercase, no leading zeros, the longest run of two or more zero groups (the first if
     * tied) as "::" (RFC 5952 sections 4.1-4.2).
     */
    public static String of(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return address.getHostAddress();
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength && i - start >= 2) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
