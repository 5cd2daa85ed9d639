package io.gatewise.server.topology.compiler;

import java.util.List;

/**
 * A validation finding in plain words, naming the objects involved.
 *
 * @param rule     which rule (stable, for tests and the UI)
 * @param objects  names of the gateways, policies, topologies involved
 * @param blocking errors block saving; non-blocking ones are acknowledged weak settings, flagged
 */
public record Problem(Rule rule, String message, List<String> objects, boolean blocking) {
    public enum Rule {
        DUPLICATE_NAME, UNKNOWN_REFERENCE, BAD_SUBNET, BAD_PROPOSAL, OVERLAPPING_SUBNETS, MEMBER_WITHOUT_SUBNETS,
        HUB_MISSING, NO_COMMON_PROPOSAL, WEAK_ALGORITHM, DUPLICATE_LINK, BOTH_BEHIND_NAT, MISSING_PSK, BAD_LINK,
        NO_COMMON_FAMILY
    }

    public Problem {
        objects = List.copyOf(objects);
    }

    static Problem error(Rule rule, String message, String... objects) {
        return new Problem(rule, message, List.of(objects), true);
    }

    static Problem flag(Rule rule, String message, String... objects) {
        return new Problem(rule, message, List.of(objects), false);
    }
}
