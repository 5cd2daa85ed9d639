package io.gatewise.server.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.gatewise.server.topology.compiler.Problem;
import io.gatewise.server.topology.compiler.TopologyModel;
import io.gatewise.server.topology.compiler.TopologySpec;

/**
 * Topology input checked field by field (the wizard and {@code /api/v1} share it) before
 * the service's whole-model validation; {@link #fieldOf} places the service's findings
 * next to the field they are about.
 */
public final class TopologyInput {
    private TopologyInput() {
    }

    /** Raw topology input; nulls: HUB_AND_SPOKE needs hubs, VPN type POLICY_BASED, spoke-to-spoke VIA_HUB. */
    public record Json(String name, String kind, String vpnType, List<String> members, List<String> tags,
                       List<String> hubs, String spokeToSpoke, List<TopologySpec.Link> links, String ikePolicy,
                       String ipsecPolicy, List<TopologySpec.LinkOverride> overrides) {
    }

    /** The spec, or {@link InvalidInputException} naming each bad field; {@code model} supplies the known names. */
    public static TopologySpec spec(Json in, TopologyModel model) {
        Map<String, String> errors = new LinkedHashMap<>();
        String name = in.name() == null ? "" : in.name().trim();
        if (name.isEmpty()) {
            errors.put("name", "A name is required.");
        } else if (!PolicyInput.NAME.matcher(name).matches() || name.contains("--")) {
            errors.put("name", PolicyInput.NAME_RULE);
        }
        TopologySpec.Kind kind = EnumInput.option(TopologySpec.Kind.class, in.kind(), null, "kind", errors);
        if (kind == null && !errors.containsKey("kind")) {
            errors.put("kind", "Choose hub-and-spoke, full mesh or explicit links.");
        }
        TopologySpec.VpnType vpn = EnumInput.option(TopologySpec.VpnType.class, in.vpnType(),
                TopologySpec.VpnType.POLICY_BASED, "vpnType", errors);
        TopologySpec.SpokeToSpoke s2s = EnumInput.option(TopologySpec.SpokeToSpoke.class, in.spokeToSpoke(),
                TopologySpec.SpokeToSpoke.VIA_HUB, "spokeToSpoke", errors);
        Set<String> gatewayNames = new LinkedHashSet<>();
        model.gateways().forEach(g -> gatewayNames.add(g.name()));
        Set<String> endpointNames = new LinkedHashSet<>(gatewayNames);
        model.externalPeers().forEach(x -> endpointNames.add(x.name()));

        Set<String> members = clean(in.members());
        Set<String> tags = clean(in.tags());
        List<String> hubs = new ArrayList<>(clean(in.hubs()));
        unknown(members, gatewayNames, "members", "gateway", errors);
        unknown(hubs, gatewayNames, "hubs", "gateway", errors);
        List<TopologySpec.Link> links = in.links() == null ? List.of() : in.links();
        if (kind == TopologySpec.Kind.EXPLICIT) {
            if (links.isEmpty()) {
                errors.put("links", "An explicit topology needs at least one link, e.g. 'hq -- branch-1'.");
            }
            for (TopologySpec.Link l : links) {
                if (l.a().equals(l.b())) {
                    errors.put("links", "A link joins two different endpoints: '" + l.a() + " -- " + l.b() + "'.");
                } else {
                    unknown(List.of(l.a(), l.b()), endpointNames, "links", "gateway or external peer", errors);
                }
            }
        } else if (kind != null) {
            if (members.isEmpty() && tags.isEmpty() && hubs.isEmpty()) {
                errors.put("members", "Pick at least one gateway or tag.");
            }
            if (kind == TopologySpec.Kind.HUB_AND_SPOKE && hubs.isEmpty()) {
                errors.put("hubs", "A hub-and-spoke topology needs at least one hub.");
            }
        }
        if (kind == TopologySpec.Kind.HUB_AND_SPOKE) {
            members.removeAll(hubs);
        } else {
            hubs.clear();
        }
        String ike = policy(in.ikePolicy(), model.ikePolicies().stream().map(p -> p.name()).toList(), "ikePolicy",
                "IKE policy", errors);
        String ipsec = policy(in.ipsecPolicy(), model.ipsecPolicies().stream().map(p -> p.name()).toList(),
                "ipsecPolicy", "IPsec policy", errors);
        List<TopologySpec.LinkOverride> overrides = overrides(in.overrides(), kind, links, gatewayNames,
                endpointNames, model, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new TopologySpec(name, kind, vpn, members, tags, hubs, s2s,
                kind == TopologySpec.Kind.EXPLICIT ? links : List.of(), ike, ipsec, overrides);
    }

    /**
     * Per-link overrides, each checked on its own so the message names it: a gateway's
     * side only (an external peer's settings are its own), a known peer, at least one
     * existing policy, once per side, and in an explicit topology a listed link. Whether
     * a mesh or hub-and-spoke really has the link is left to the whole-model validation
     * (members may come from tags). Blank policy names mean "keep the topology's".
     */
    private static List<TopologySpec.LinkOverride> overrides(List<TopologySpec.LinkOverride> raw,
            TopologySpec.Kind kind, List<TopologySpec.Link> links, Set<String> gatewayNames, Set<String> endpointNames,
            TopologyModel model, Map<String, String> errors) {
        List<TopologySpec.LinkOverride> out = new ArrayList<>();
        if (raw == null) {
            return out;
        }
        Set<String> ikeNames = new LinkedHashSet<>();
        model.ikePolicies().forEach(p -> ikeNames.add(p.name()));
        Set<String> ipsecNames = new LinkedHashSet<>();
        model.ipsecPolicies().forEach(p -> ipsecNames.add(p.name()));
        Set<String> seen = new LinkedHashSet<>();
        List<String> bad = new ArrayList<>();
        for (TopologySpec.LinkOverride o : raw) {
            if (o == null || o.gateway() == null || o.peer() == null) {
                bad.add("An override names a gateway and a peer.");
                continue;
            }
            String ike = blankToNull(o.ikePolicy());
            String ipsec = blankToNull(o.ipsecPolicy());
            String what = "'" + o.gateway() + " -- " + o.peer() + "'";
            List<String> problems = new ArrayList<>();
            if (!gatewayNames.contains(o.gateway())) {
                problems.add(endpointNames.contains(o.gateway())
                        ? "'" + o.gateway() + "' is an external peer; overrides set what a Gatewise gateway uses, "
                                + "so put the gateway first"
                        : "there is no gateway called '" + o.gateway() + "'");
            }
            if (!endpointNames.contains(o.peer())) {
                problems.add("there is no gateway or external peer called '" + o.peer() + "'");
            }
            if (ike == null && ipsec == null) {
                problems.add("name an IKE policy, an IPsec policy or both");
            }
            if (ike != null && !ikeNames.contains(ike)) {
                problems.add("there is no IKE policy called '" + ike + "'");
            }
            if (ipsec != null && !ipsecNames.contains(ipsec)) {
                problems.add("there is no IPsec policy called '" + ipsec + "'");
            }
            if (problems.isEmpty() && kind == TopologySpec.Kind.EXPLICIT && links.stream().noneMatch(l ->
                    l.a().equals(o.gateway()) && l.b().equals(o.peer()) || l.b().equals(o.gateway()) && l.a().equals(o.peer()))) {
                problems.add("the topology has no such link; add '" + o.gateway() + " -- " + o.peer() + "' to its links");
            }
            if (problems.isEmpty() && !seen.add(o.gateway() + "\n" + o.peer())) {
                problems.add("overridden twice");
            }
            if (problems.isEmpty()) {
                out.add(new TopologySpec.LinkOverride(o.gateway(), o.peer(), ike, ipsec));
            } else {
                bad.add(what + ": " + String.join("; ", problems) + ".");
            }
        }
        if (!bad.isEmpty()) {
            errors.merge("overrides", String.join(" ", bad), (a, b) -> a + " " + b);
        }
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** The form field a whole-model finding is about, or "general". */
    static String fieldOf(Problem p) {
        return switch (p.rule()) {
            case HUB_MISSING -> "hubs";
            case MEMBER_WITHOUT_SUBNETS, OVERLAPPING_SUBNETS, BAD_SUBNET, BOTH_BEHIND_NAT, NO_COMMON_FAMILY -> "members";
            case NO_COMMON_PROPOSAL, WEAK_ALGORITHM, BAD_PROPOSAL -> "ikePolicy";
            case DUPLICATE_LINK -> "links";
            case DUPLICATE_NAME -> "name";
            default -> "general";
        };
    }

    /** Findings grouped by field, messages joined. */
    static Map<String, String> byField(List<Problem> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Problem p : problems) {
            out.merge(fieldOf(p), p.message(), (a, b) -> a + " " + b);
        }
        return out;
    }

    private static String policy(String raw, List<String> known, String field, String what,
                                 Map<String, String> errors) {
        String n = raw == null ? "" : raw.trim();
        if (n.isEmpty()) {
            errors.put(field, known.isEmpty() ? "Create an " + what + " first (Policies)." : "Choose an " + what + ".");
        } else if (!known.contains(n)) {
            errors.put(field, "There is no " + what + " called '" + n + "'.");
        }
        return n;
    }

    private static void unknown(java.util.Collection<String> names, Set<String> known, String field, String what,
                                Map<String, String> errors) {
        List<String> missing = names.stream().filter(n -> !known.contains(n)).toList();
        if (!missing.isEmpty()) {
            errors.put(field, "No " + what + " called " + String.join(", ", missing.stream().map(m -> "'" + m + "'")
                    .toList()) + ".");
        }
    }

    private static Set<String> clean(List<String> raw) {
        Set<String> out = new LinkedHashSet<>();
        if (raw != null) {
            for (String r : raw) {
                for (String part : r == null ? new String[0] : r.split("[,\\s]+")) {
                    if (!part.isBlank()) {
                        out.add(part.trim());
                    }
                }
            }
        }
        return out;
    }

}
