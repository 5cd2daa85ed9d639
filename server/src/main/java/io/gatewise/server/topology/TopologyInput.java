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
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new TopologySpec(name, kind, vpn, members, tags, hubs, s2s,
                kind == TopologySpec.Kind.EXPLICIT ? links : List.of(), ike, ipsec,
                in.overrides() == null ? List.of() : in.overrides());
    }

    /** The form field a whole-model finding is about, or "general". */
    static String fieldOf(Problem p) {
        return switch (p.rule()) {
            case HUB_MISSING -> "hubs";
            case MEMBER_WITHOUT_SUBNETS, OVERLAPPING_SUBNETS, BAD_SUBNET, BOTH_BEHIND_NAT -> "members";
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
