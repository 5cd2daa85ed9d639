package io.gatewise.agent.gateway;

import io.gatewise.agent.config.AddressRange;
import io.gatewise.agent.config.IpLiterals;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** The smallest list of CIDR prefixes that covers an address range exactly (for routes). */
final class Cidrs {
    private Cidrs() {
    }

    static List<String> cover(AddressRange range) {
        if (range.isPrefix()) {
            return List.of(range.toString());
        }
        int bits = range.first().getAddress().length * 8;
        BigInteger next = new BigInteger(1, range.first().getAddress());
        BigInteger last = new BigInteger(1, range.last().getAddress());
        List<String> out = new ArrayList<>();
        while (next.compareTo(last) <= 0) {
            // the largest block that starts at 'next' (aligned) and does not pass 'last'
            int size = next.signum() == 0 ? bits : Math.min(bits, next.getLowestSetBit());
            while (size > 0 && next.add(BigInteger.ONE.shiftLeft(size)).subtract(BigInteger.ONE).compareTo(last) > 0) {
                size--;
            }
            out.add(format(next, bits) + "/" + (bits - size));
            next = next.add(BigInteger.ONE.shiftLeft(size));
        }
        return out;
    }

    private static String format(BigInteger v, int bits) {
        byte[] raw = v.toByteArray();
        byte[] b = new byte[bits / 8];
        int n = Math.min(raw.length, b.length);
        System.arraycopy(raw, raw.length - n, b, b.length - n, n);
        try {
            // IPv6 as RFC 5952 text; Inet6Address keeps ::ffff:a.b.c.d an IPv6 address
            return IpLiterals.format(b.length == 4 ? InetAddress.getByAddress(b)
                    : java.net.Inet6Address.getByAddress(null, b, -1));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
