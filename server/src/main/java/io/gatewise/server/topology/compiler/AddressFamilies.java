package io.gatewise.server.topology.compiler;

import java.util.ArrayList;
import java.util.List;

/**
 * The address families of two ends' protected subnets, and what a policy-based tunnel
 * between them can carry.
 *
 * <p>An IKEv1 Quick Mode proposes one IDci/IDcr pair per SA (RFC 2409 section 5.5), and
 * an ID payload is either an IPv4 or an IPv6 subnet (RFC 2407 section 4.6.2.1), so a
 * selector pair is of one family; the agent refuses a child whose selector has no partner
 * of its own family (its {@code ConfigValidator}), and a refused config is refused whole.
 * The compiler therefore pairs IPv4 with IPv4 and IPv6 with IPv6; a family only one end
 * protects gets no child SA, which {@link #unpaired} says in plain words, and two ends with
 * no family in common would get a tunnel without children, which the validator blocks.
 */
final class AddressFamilies {
    static final int IPV4 = 1;
    static final int IPV6 = 2;
    /** Subnets named in a note before "and n more". */
    private static final int LISTED = 3;

    private AddressFamilies() {
    }

    /** Bit set of {@link #IPV4} and {@link #IPV6} for the subnets. */
    static int of(List<String> subnets) {
        int families = 0;
        for (String s : subnets) {
            families |= Cidr.isIpv6(s) ? IPV6 : IPV4;
            if (families == (IPV4 | IPV6)) {
                break;
            }
        }
        return families;
    }

    static String name(int family) {
        return family == IPV6 ? "IPv6" : "IPv4";
    }

    /** The one family of a single-family set, for messages ("only IPv6"). */
    static String only(int families) {
        return families == IPV6 ? "IPv6" : families == IPV4 ? "IPv4" : "no";
    }

    /**
     * The families one end protects and the other does not, as notes for the admin; empty
     * when both have the same families. Pass the ends in name order so that both ends of a
     * link get the same text.
     */
    static List<String> unpaired(String a, List<String> aNets, String b, List<String> bNets) {
        int fa = of(aNets);
        int fb = of(bNets);
        if (fa == fb || fa == 0 || fb == 0) {
            return List.of(); // an end without subnets is the validator's MEMBER_WITHOUT_SUBNETS
        }
        List<String> notes = new ArrayList<>(1);
        for (int family : new int[] {IPV4, IPV6}) {
            boolean inA = (fa & family) != 0;
            boolean inB = (fb & family) != 0;
            if (inA != inB) {
                String has = inA ? a : b;
                String lacks = inA ? b : a;
                notes.add("No " + name(family) + " child SA between '" + a + "' and '" + b + "': '" + has
                        + "' protects " + name(family) + " " + list(inA ? aNets : bNets, family) + " but '" + lacks
                        + "' protects no " + name(family) + " subnet, and a Quick Mode selector pair is of one"
                        + " address family; this tunnel carries " + name(IPV4 + IPV6 - family) + " only.");
            }
        }
        return List.copyOf(notes);
    }

    private static String list(List<String> nets, int family) {
        List<String> of = nets.stream().filter(s -> Cidr.isIpv6(s) == (family == IPV6)).toList();
        String shown = String.join(", ", of.subList(0, Math.min(LISTED, of.size())));
        return of.size() > LISTED ? "(" + shown + " and " + (of.size() - LISTED) + " more)" : "(" + shown + ")";
    }
}
