package io.gatewise.server.topology.compiler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.gatewise.agent.ike.proposal.AhProposal;
import io.gatewise.agent.ike.proposal.EspProposal;
import io.gatewise.agent.ike.proposal.IkeProposal;
import io.gatewise.agent.ike.proposal.ProposalParser;
import io.gatewise.agent.ike.proposal.ProposalSyntaxException;
import io.gatewise.server.system.InetSyntax;
import io.gatewise.server.topology.compiler.Problem.Rule;
import io.gatewise.server.topology.compiler.ResolvedModel.Resolved;

/**
 * The checks that run before anything is saved. Each {@link Problem} says in plain words
 * what is wrong and names the objects. Weak algorithms (DES, 3DES, MD5, NULL, MODP-1024
 * and below, as {@code isWeak()} of the agent's proposals defines them) and Aggressive
 * Mode with PSK (RFC 2409 section 5.4: the hash it sends in clear lets an eavesdropper
 * guess the key offline) block unless the policy carries the acknowledgement; then they
 * are reported as non-blocking flags.
 */
public final class TopologyValidator {
    private TopologyValidator() {
    }

    public static List<Problem> validate(TopologyModel model) {
        return new Checks(model).run();
    }

    /** Only the blocking problems. */
    public static List<Problem> errors(List<Problem> problems) {
        return problems.stream().filter(Problem::blocking).toList();
    }

    private static final class Checks {
        private final TopologyModel model;
        private final ResolvedModel r;
        private final List<Problem> problems = new ArrayList<>();
        private final Map<String, List<IkeProposal>> ike = new HashMap<>();
        /** ESP or AH proposals in strongSwan syntax (one comparable form for both). */
        private final Map<String, List<String>> phase2 = new HashMap<>();
        private final Map<String, List<String>> externalPhase2 = new HashMap<>();
        private final Map<String, List<IkeProposal>> externalIke = new HashMap<>();
        private final Map<String, List<Cidr>> subnets = new HashMap<>();

        Checks(TopologyModel model) {
            this.model = model;
            this.r = new ResolvedModel(model);
        }

        List<Problem> run() {
            duplicates();
            policies();
            gateways();
            externals();
            for (Resolved t : r.topologies.values()) {
                topology(t);
            }
            duplicateLinks();
            return List.copyOf(problems);
        }

        private void duplicates() {
            duplicateNames(model.gateways(), GatewaySpec::name, "gateway");
            duplicateNames(model.ikePolicies(), IkePolicy::name, "IKE policy");
            duplicateNames(model.ipsecPolicies(), IpsecPolicy::name, "IPsec policy");
            duplicateNames(model.externalPeers(), ExternalPeer::name, "external peer");
            duplicateNames(model.topologies(), TopologySpec::name, "topology");
            for (ExternalPeer x : model.externalPeers()) {
                if (r.gateways.containsKey(x.name())) {
                    problems.add(Problem.error(Rule.DUPLICATE_NAME, "External peer '" + x.name()
                            + "' has the name of a gateway; tunnel names need them distinct.", x.name()));
                }
            }
        }

        private <T> void duplicateNames(List<T> items, Function<T, String> name, String kind) {
            Set<String> seen = new HashSet<>();
            for (T item : items) {
                if (!seen.add(name.apply(item))) {
                    problems.add(Problem.error(Rule.DUPLICATE_NAME, "There are two " + kind + "s called '"
                            + name.apply(item) + "'.", name.apply(item)));
                }
            }
        }

        private void policies() {
            for (IkePolicy p : model.ikePolicies()) {
                List<IkeProposal> parsed = parseIke(p.proposals(), "IKE policy '" + p.name() + "'", p.name());
                ike.put(p.name(), parsed);
                List<String> weak = new ArrayList<>();
                parsed.forEach(x -> x.weakAlgorithms().forEach(a -> addOnce(weak, a)));
                if (p.mode() == IkePolicy.Mode.AGGRESSIVE && p.auth() == IkePolicy.Auth.PSK) {
                    weak.add("Aggressive Mode with PSK");
                }
                weak("IKE policy '" + p.name() + "'", weak, p.weakAcknowledged(), p.name());
            }
            for (IpsecPolicy p : model.ipsecPolicies()) {
                String what = "IPsec policy '" + p.name() + "'";
                phase2.put(p.name(), parsePhase2(p.protocol(), p.proposals(), what, p.name(), p.weakAcknowledged()));
            }
        }

        private List<IkeProposal> parseIke(List<String> proposals, String what, String object) {
            if (proposals.isEmpty()) {
                problems.add(Problem.error(Rule.BAD_PROPOSAL, what + " has no IKE proposals.", object));
                return List.of();
            }
            try {
                return ProposalParser.parseIke(String.join(",", proposals));
            } catch (ProposalSyntaxException e) {
                problems.add(Problem.error(Rule.BAD_PROPOSAL, what + ": " + e.getMessage(), object));
                return List.of();
            }
        }

        private List<String> parsePhase2(IpsecPolicy.Protocol protocol, List<String> proposals, String what,
                                         String object, boolean acknowledged) {
            if (proposals.isEmpty()) {
                problems.add(Problem.error(Rule.BAD_PROPOSAL, what + " has no " + protocol + " proposals.", object));
                return List.of();
            }
            List<String> weak = new ArrayList<>();
            List<String> canonical = new ArrayList<>();
            try {
                if (protocol == IpsecPolicy.Protocol.ESP) {
                    for (EspProposal e : ProposalParser.parseEsp(String.join(",", proposals))) {
                        canonical.add(e.toStrongswan());
                        e.weakAlgorithms().forEach(a -> addOnce(weak, a));
                    }
                } else {
                    for (AhProposal a : ProposalParser.parseAh(String.join(",", proposals))) {
                        canonical.add(a.toStrongswan());
                        a.weakAlgorithms().forEach(w -> addOnce(weak, w));
                    }
                }
            } catch (ProposalSyntaxException e) {
                problems.add(Problem.error(Rule.BAD_PROPOSAL, what + ": " + e.getMessage(), object));
                return List.of();
            }
            weak(what, weak, acknowledged, object);
            return canonical;
        }

        private static void addOnce(List<String> list, String value) {
            if (!list.contains(value)) {
                list.add(value);
            }
        }

        private void weak(String what, List<String> weak, boolean acknowledged, String object) {
            if (weak.isEmpty()) {
                return;
            }
            if (acknowledged) {
                problems.add(Problem.flag(Rule.WEAK_ALGORITHM, what + " uses weak settings (" + String.join(", ", weak)
                        + "), acknowledged by an admin.", object));
            } else {
                problems.add(Problem.error(Rule.WEAK_ALGORITHM, what + " uses weak settings (" + String.join(", ", weak)
                        + "). Choose stronger ones, or tick the acknowledgement to allow them for legacy peers.", object));
            }
        }

        private void gateways() {
            for (GatewaySpec g : model.gateways()) {
                subnets.put(g.name(), cidrs(g.subnets(), "Gateway '" + g.name() + "'", g.name()));
            }
        }

        private void externals() {
            for (ExternalPeer x : model.externalPeers()) {
                String what = "External peer '" + x.name() + "'";
                subnets.put(x.name(), cidrs(x.subnets(), what, x.name()));
                cidrs(x.expectsSubnets(), what, x.name());
                List<IkeProposal> parsed = parseIke(x.ikeProposals(), what, x.name());
                externalIke.put(x.name(), parsed);
                List<String> weak = new ArrayList<>();
                parsed.forEach(p -> p.weakAlgorithms().forEach(a -> addOnce(weak, a)));
                if (x.mode() == IkePolicy.Mode.AGGRESSIVE && x.auth() == IkePolicy.Auth.PSK) {
                    weak.add("Aggressive Mode with PSK");
                }
                weak(what, weak, x.weakAcknowledged(), x.name());
                externalPhase2.put(x.name(), parsePhase2(x.ipsecProtocol(), x.ipsecProposals(), what, x.name(),
                        x.weakAcknowledged()));
            }
        }

        private List<Cidr> cidrs(List<String> texts, String what, String object) {
            List<Cidr> result = new ArrayList<>(texts.size());
            for (String s : texts) {
                Cidr.parse(s).ifPresentOrElse(result::add, () -> problems.add(Problem.error(Rule.BAD_SUBNET, what
                        + ": " + InetSyntax.checkCidr(s).orElse("'" + s + "' is an IPv4-mapped IPv6 address; write"
                        + " the IPv4 subnet instead") + " (a subnet is like"
                        + " 10.1.0.0/24 or 2001:db8:1::/64, host bits zero).", object)));
            }
            return result;
        }

        private void topology(Resolved t) {
            TopologySpec s = t.spec;
            String name = s.name();
            String what = "Topology '" + name + "'";
            if (!r.ikePolicies.containsKey(s.ikePolicy())) {
                problems.add(Problem.error(Rule.UNKNOWN_REFERENCE, what + " uses IKE policy '" + s.ikePolicy()
                        + "', which does not exist.", name, s.ikePolicy()));
            }
            if (!r.ipsecPolicies.containsKey(s.ipsecPolicy())) {
                problems.add(Problem.error(Rule.UNKNOWN_REFERENCE, what + " uses IPsec policy '" + s.ipsecPolicy()
                        + "', which does not exist.", name, s.ipsecPolicy()));
            }
            s.memberGateways().stream().filter(m -> !r.gateways.containsKey(m)).forEach(m -> problems.add(Problem.error(
                    Rule.UNKNOWN_REFERENCE, what + " lists gateway '" + m + "', which does not exist.", name, m)));
            if (s.kind() == TopologySpec.Kind.HUB_AND_SPOKE) {
                s.hubs().stream().filter(h -> !r.gateways.containsKey(h)).forEach(h -> problems.add(Problem.error(
                        Rule.UNKNOWN_REFERENCE, what + " has hub '" + h + "', which is not a gateway.", name, h)));
                if (t.hubs.isEmpty()) {
                    problems.add(Problem.error(Rule.HUB_MISSING, what + " is hub-and-spoke but has no hub; pick at least one"
                            + " gateway as hub.", name));
                }
            }
            if (s.kind() == TopologySpec.Kind.EXPLICIT) {
                for (TopologySpec.Link l : s.links()) {
                    links(what, name, l);
                }
            }
            for (TopologySpec.LinkOverride o : s.overrides()) {
                if (!t.peersOf(o.gateway()).contains(o.peer())) {
                    problems.add(Problem.error(Rule.UNKNOWN_REFERENCE, what + " overrides the policies of a link "
                            + o.gateway() + " -> " + o.peer() + " that the topology does not have.", name, o.gateway(), o.peer()));
                }
                if (o.ikePolicy() != null && !r.ikePolicies.containsKey(o.ikePolicy())) {
                    problems.add(Problem.error(Rule.UNKNOWN_REFERENCE, what + ": link " + o.gateway() + " -> " + o.peer()
                            + " uses IKE policy '" + o.ikePolicy() + "', which does not exist.", name, o.ikePolicy()));
                }
                if (o.ipsecPolicy() != null && !r.ipsecPolicies.containsKey(o.ipsecPolicy())) {
                    problems.add(Problem.error(Rule.UNKNOWN_REFERENCE, what + ": link " + o.gateway() + " -> " + o.peer()
                            + " uses IPsec policy '" + o.ipsecPolicy() + "', which does not exist.", name, o.ipsecPolicy()));
                }
            }
            List<String> endpoints = new ArrayList<>(t.members);
            t.peers.values().forEach(ps -> ps.stream().filter(r.externals::containsKey).filter(x -> !endpoints.contains(x))
                    .forEach(endpoints::add));
            if (s.vpnType() == TopologySpec.VpnType.POLICY_BASED) {
                for (String m : endpoints) {
                    List<String> nets = r.gateways.containsKey(m) ? r.gateways.get(m).subnets() : r.externals.get(m).subnets();
                    if (nets.isEmpty() && (!t.peersOf(m).isEmpty() || r.externals.containsKey(m))) {
                        problems.add(Problem.error(Rule.MEMBER_WITHOUT_SUBNETS, what + " is policy-based, but '" + m
                                + "' has no protected subnets to build traffic selectors from.", name, m));
                    }
                }
            }
            overlaps(t, endpoints, what);
            if (s.vpnType() == TopologySpec.VpnType.POLICY_BASED) {
                families(t, what);
            }
            natAndProposals(t, what);
        }

        /**
         * A policy-based link whose ends protect subnets of no common address family would
         * compile to a tunnel without child SAs, which the agent refuses (and with it the
         * gateway's whole config): blocked here, naming the link. Via the primary hub, the
         * hub's side of a spoke link also carries the other spokes' subnets, as compiled.
         */
        private void families(Resolved t, String what) {
            Map<String, Integer> of = new HashMap<>();
            int[] spokesWith = new int[4]; // by family bit: how many spokes protect that family
            for (String m : t.members) {
                int f = AddressFamilies.of(r.gateways.containsKey(m) ? r.gateways.get(m).subnets() : List.of());
                of.put(m, f);
                if (t.viaHub() && !t.isHub(m)) {
                    for (int bit : new int[] {AddressFamilies.IPV4, AddressFamilies.IPV6}) {
                        spokesWith[bit] += (f & bit) != 0 ? 1 : 0;
                    }
                }
            }
            for (Map.Entry<String, List<String>> e : t.peers.entrySet()) {
                String g = e.getKey();
                for (String peer : e.getValue()) {
                    boolean external = r.externals.containsKey(peer);
                    if (!external && g.compareTo(peer) > 0) {
                        continue; // each gateway pair once
                    }
                    int fg = effective(t, g, peer, of, spokesWith);
                    int fp = external ? AddressFamilies.of(r.externals.get(peer).subnets())
                            : effective(t, peer, g, of, spokesWith);
                    if (fg != 0 && fp != 0 && (fg & fp) == 0) {
                        problems.add(Problem.error(Rule.NO_COMMON_FAMILY, what + ": link "
                                + LinkKey.of(g, peer).tunnelName() + " would carry nothing: '" + g + "' protects only "
                                + AddressFamilies.only(fg) + " subnets and '" + peer + "' only "
                                + AddressFamilies.only(fp) + " ones, and a policy-based tunnel pairs subnets of one"
                                + " address family. Give both ends a subnet of a common family (IPv4 or IPv6), or"
                                + " leave this link out.", t.spec.name(), g, peer));
                    }
                }
            }
        }

        /** A gateway's own families (0 for an unknown name: reported elsewhere). */
        private int familiesOf(String gateway, Map<String, Integer> of) {
            return of.computeIfAbsent(gateway, n -> r.gateways.containsKey(n)
                    ? AddressFamilies.of(r.gateways.get(n).subnets()) : 0);
        }

        /** The families of {@code g}'s side of its link to {@code peer}, as the compiler builds the selectors. */
        private int effective(Resolved t, String g, String peer, Map<String, Integer> of, int[] spokesWith) {
            int f = familiesOf(g, of);
            if (t.viaHub() && !t.hubs.isEmpty() && t.hubs.get(0).equals(g) && !t.isHub(peer)) {
                int self = familiesOf(peer, of);
                for (int bit : new int[] {AddressFamilies.IPV4, AddressFamilies.IPV6}) {
                    if (spokesWith[bit] - ((self & bit) != 0 ? 1 : 0) > 0) {
                        f |= bit; // another spoke's subnet of this family rides on the hub's side
                    }
                }
            }
            return f;
        }

        private void links(String what, String name, TopologySpec.Link l) {
            for (String end : List.of(l.a(), l.b())) {
                if (!r.gateways.containsKey(end) && !r.externals.containsKey(end)) {
                    problems.add(Problem.error(Rule.UNKNOWN_REFERENCE, what + " links '" + end
                            + "', which is neither a gateway nor an external peer.", name, end));
                }
            }
            if (l.a().equals(l.b())) {
                problems.add(Problem.error(Rule.BAD_LINK, what + " links '" + l.a() + "' to itself.", name, l.a()));
            } else if (r.externals.containsKey(l.a()) && r.externals.containsKey(l.b())) {
                problems.add(Problem.error(Rule.BAD_LINK, what + " links two external peers ('" + l.a() + "', '"
                        + l.b() + "'); Gatewise configures only its own gateways.", name, l.a(), l.b()));
            }
        }

        /** Sort by first address; anything starting before the widest range so far ends overlaps it. */
        private void overlaps(Resolved t, List<String> endpoints, String what) {
            List<Map.Entry<Cidr, String>> all = new ArrayList<>();
            for (String m : endpoints) {
                for (Cidr c : subnets.getOrDefault(m, List.of())) {
                    all.add(Map.entry(c, m));
                }
            }
            all.sort(Map.Entry.comparingByKey());
            Map.Entry<Cidr, String> widest = null;
            for (Map.Entry<Cidr, String> e : all) {
                if (widest != null && widest.getKey().overlaps(e.getKey())) {
                    problems.add(Problem.error(Rule.OVERLAPPING_SUBNETS, what + ": subnet " + widest.getKey().text()
                            + " of '" + widest.getValue() + "' overlaps " + e.getKey().text() + " of '" + e.getValue()
                            + "'; traffic for the overlap could not be routed to one tunnel.", t.spec.name(),
                            widest.getValue(), e.getValue()));
                }
                if (widest == null || widest.getKey().ipv6() != e.getKey().ipv6()
                        || e.getKey().last().compareTo(widest.getKey().last()) > 0) {
                    widest = e;
                }
            }
        }

        private void natAndProposals(Resolved t, String what) {
            for (Map.Entry<String, List<String>> e : t.peers.entrySet()) {
                String g = e.getKey();
                GatewaySpec gs = r.gateways.get(g);
                for (String peer : e.getValue()) {
                    GatewaySpec ps = r.gateways.get(peer);
                    if (ps != null && g.compareTo(peer) < 0 && gs.behindNat() && ps.behindNat()) {
                        problems.add(Problem.error(Rule.BOTH_BEHIND_NAT, what + ": '" + g + "' and '" + peer
                                + "' are both behind NAT, so neither can reach the other.", t.spec.name(), g, peer));
                    }
                    if (ps == null || g.compareTo(peer) < 0) {
                        commonProposals(t, what, g, peer, ps == null);
                    }
                    if ((ps == null || g.compareTo(peer) < 0)) {
                        IkePolicy p = r.ikePolicies.get(TopologyCompiler.ikePolicyName(t, g, peer));
                        if (p != null && p.auth() == IkePolicy.Auth.PSK && !model.psks().contains(LinkKey.of(g, peer))) {
                            problems.add(Problem.error(Rule.MISSING_PSK, what + ": link " + LinkKey.of(g, peer).tunnelName()
                                    + " has no pre-shared key yet.", t.spec.name(), g, peer));
                        }
                    }
                }
            }
        }

        /** A link whose two ends use different policies (override or external peer) must share a proposal. */
        private void commonProposals(Resolved t, String what, String g, String peer, boolean external) {
            String ikeA = TopologyCompiler.ikePolicyName(t, g, peer);
            String p2A = TopologyCompiler.ipsecPolicyName(t, g, peer);
            List<IkeProposal> ikeB;
            List<String> p2B;
            String nameB;
            if (external) {
                ikeB = externalIke.getOrDefault(peer, List.of());
                p2B = externalPhase2.getOrDefault(peer, List.of());
                nameB = "external peer '" + peer + "'";
            } else {
                String ikeBName = TopologyCompiler.ikePolicyName(t, peer, g);
                String p2BName = TopologyCompiler.ipsecPolicyName(t, peer, g);
                if (ikeBName.equals(ikeA) && p2BName.equals(p2A)) {
                    return;
                }
                ikeB = ike.getOrDefault(ikeBName, List.of());
                p2B = phase2.getOrDefault(p2BName, List.of());
                nameB = "policies '" + ikeBName + "'/'" + p2BName + "' of '" + peer + "'";
            }
            List<IkeProposal> a = ike.getOrDefault(ikeA, List.of());
            List<String> a2 = phase2.getOrDefault(p2A, List.of());
            if (a.isEmpty() || ikeB.isEmpty() || a2.isEmpty() || p2B.isEmpty()) {
                return; // a syntax problem is already reported
            }
            String link = LinkKey.of(g, peer).tunnelName();
            if (a.stream().noneMatch(ikeB::contains)) {
                problems.add(Problem.error(Rule.NO_COMMON_PROPOSAL, what + ": link " + link + ": IKE policy '" + ikeA
                        + "' of '" + g + "' and " + nameB + " share no IKE proposal.", t.spec.name(), g, peer, ikeA));
            }
            if (a2.stream().noneMatch(p2B::contains)) {
                problems.add(Problem.error(Rule.NO_COMMON_PROPOSAL, what + ": link " + link + ": IPsec policy '" + p2A
                        + "' of '" + g + "' and " + nameB + " share no phase 2 proposal.", t.spec.name(), g, peer, p2A));
            }
        }

        /** One IKE peering per pair of endpoints: a second topology (or link) joining them is a conflict. */
        private void duplicateLinks() {
            boolean possible = r.topologies.size() > 1
                    || r.topologies.values().stream().anyMatch(t -> t.spec.kind() == TopologySpec.Kind.EXPLICIT);
            if (!possible) {
                return;
            }
            Map<LinkKey, String> owner = new HashMap<>();
            for (Resolved t : r.topologies.values()) {
                Set<LinkKey> own = new HashSet<>();
                if (t.spec.kind() == TopologySpec.Kind.EXPLICIT) {
                    for (TopologySpec.Link l : t.spec.links()) {
                        if (!l.a().equals(l.b()) && !own.add(LinkKey.of(l.a(), l.b()))) {
                            problems.add(Problem.error(Rule.DUPLICATE_LINK, "Topology '" + t.spec.name() + "' lists the link "
                                    + LinkKey.of(l.a(), l.b()).tunnelName() + " twice.", t.spec.name()));
                        }
                    }
                }
                t.peers.forEach((g, peers) -> peers.forEach(p -> {
                    LinkKey key = LinkKey.of(g, p);
                    String other = owner.putIfAbsent(key, t.spec.name());
                    if (other != null && !other.equals(t.spec.name()) && (g.compareTo(p) < 0 || r.externals.containsKey(p))) {
                        problems.add(Problem.error(Rule.DUPLICATE_LINK, "'" + key.a() + "' and '" + key.b()
                                + "' are linked by both topology '" + other + "' and topology '" + t.spec.name()
                                + "'; two gateways share one IKE peering, so keep the link in one of them.",
                                other, t.spec.name(), key.a(), key.b()));
                    }
                }));
            }
        }
    }
}
