package io.gatewise.server.topology.compiler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.gatewise.server.system.Secret;
import io.gatewise.server.topology.compiler.CompiledTunnel.ChildSa;
import io.gatewise.server.topology.compiler.CompiledTunnel.IkeSettings;
import io.gatewise.server.topology.compiler.CompiledTunnel.IpsecSettings;
import io.gatewise.server.topology.compiler.CompiledTunnel.StartAction;
import io.gatewise.server.topology.compiler.ResolvedModel.Resolved;

/**
 * Compiles a {@link TopologyModel} into one {@link GatewayConfig} per gateway.
 *
 * <p>Expects a model that {@link TopologyValidator} found free of blocking problems.
 * Output is deterministic: gateways and tunnels sorted by name, tunnel names
 * {@code a--b} from the two sorted endpoint names, children in subnet order.
 *
 * <p>Incremental mode: given the previous {@link Compilation}, a tunnel is reused (the
 * same object) when its topology's settings and policies, both endpoints and the link's
 * key are unchanged; a gateway whose tunnels are all reused keeps its previous config
 * object and is not reported as changed. Adding one gateway to a mesh of 1,000 thus
 * builds 2,000 tunnels, not a million.
 */
public final class TopologyCompiler {
    private static final String ANY4 = "0.0.0.0/0";
    private static final String ANY6 = "::/0";
    private static final Comparator<CompiledTunnel> BY_NAME = Comparator.comparing(CompiledTunnel::name);

    private TopologyCompiler() {
    }

    public static Compilation compile(TopologyModel model) {
        return compile(model, null);
    }

    public static Compilation compile(TopologyModel model, Compilation previous) {
        return new Run(model, previous).compile();
    }

    /** Every link whose IKE policy authenticates with a PSK, in topology, gateway and peer name order. */
    public static Set<LinkKey> linksNeedingPsk(TopologyModel model) {
        ResolvedModel r = new ResolvedModel(model);
        Set<LinkKey> result = new LinkedHashSet<>(); // topology, gateway, peer order: deterministic
        for (Resolved t : r.topologies.values()) {
            for (Map.Entry<String, List<String>> e : t.peers.entrySet()) {
                for (String peer : e.getValue()) {
                    if (e.getKey().compareTo(peer) < 0 || r.externals.containsKey(peer)) {
                        IkePolicy p = r.ikePolicies.get(ikePolicyName(t, e.getKey(), peer));
                        if (p != null && p.auth() == IkePolicy.Auth.PSK) {
                            result.add(LinkKey.of(e.getKey(), peer));
                        }
                    }
                }
            }
        }
        return result;
    }

    static String ikePolicyName(Resolved t, String gateway, String peer) {
        TopologySpec.LinkOverride o = t.override(gateway, peer);
        return o != null && o.ikePolicy() != null ? o.ikePolicy() : t.spec.ikePolicy();
    }

    static String ipsecPolicyName(Resolved t, String gateway, String peer) {
        TopologySpec.LinkOverride o = t.override(gateway, peer);
        return o != null && o.ipsecPolicy() != null ? o.ipsecPolicy() : t.spec.ipsecPolicy();
    }

    /** One compile: state shared by the per-tunnel steps. */
    private static final class Run {
        private final TopologyModel model;
        private final ResolvedModel r;
        private final Compilation previous;
        private final Map<String, IkeSettings> ikeSettings = new HashMap<>();
        private final Map<String, IpsecSettings> ipsecSettings = new HashMap<>();
        private final Map<String, Identity> identities = new HashMap<>();
        /** Gateways and external peers that differ from the previous model (incl. added and removed). */
        private final Set<String> changedEndpoints = new java.util.HashSet<>();
        private final Set<String> changedIkePolicies = new java.util.HashSet<>();
        private final Set<String> changedIpsecPolicies = new java.util.HashSet<>();
        /** Links with a new key since the previous model; null when unknown (then keys are compared). */
        private Set<LinkKey> changedPsks;
        /** The same, indexed by endpoint: endpoint -> endpoints whose link with it got a new key. */
        private final Map<String, Set<String>> changedPskPartners = new HashMap<>();
        /** Per gateway: tunnels built anew in this compile, and how many were reused. */
        private final Map<String, List<CompiledTunnel>> fresh = new HashMap<>();
        private final Map<String, Integer> reused = new HashMap<>();

        Run(TopologyModel model, Compilation previous) {
            this.model = model;
            this.r = new ResolvedModel(model);
            this.previous = previous;
            if (previous != null) {
                ResolvedModel old = previous.resolved;
                diff(old.gateways, r.gateways, changedEndpoints);
                diff(old.externals, r.externals, changedEndpoints);
                diff(old.ikePolicies, r.ikePolicies, changedIkePolicies);
                diff(old.ipsecPolicies, r.ipsecPolicies, changedIpsecPolicies);
                changedPsks = model.psks().changedSince(previous.model().psks());
                if (changedPsks != null) {
                    for (LinkKey k : changedPsks) {
                        changedPskPartners.computeIfAbsent(k.a(), x -> new java.util.HashSet<>()).add(k.b());
                        changedPskPartners.computeIfAbsent(k.b(), x -> new java.util.HashSet<>()).add(k.a());
                    }
                }
            }
        }

        private static <T> void diff(Map<String, T> old, Map<String, T> now, Set<String> into) {
            now.forEach((name, value) -> {
                if (!value.equals(old.get(name))) {
                    into.add(name);
                }
            });
            old.keySet().forEach(name -> {
                if (!now.containsKey(name)) {
                    into.add(name);
                }
            });
        }

        Compilation compile() {
            Map<String, Map<String, List<CompiledTunnel>>> runs = new TreeMap<>();
            Map<String, List<List<CompiledTunnel>>> perGateway = new HashMap<>();
            for (Resolved t : r.topologies.values()) {
                Map<String, List<CompiledTunnel>> oldRuns = reusableRuns(t);
                Map<String, List<CompiledTunnel>> topologyRuns = new HashMap<>();
                for (String g : t.members) {
                    List<String> peers = t.peersOf(g);
                    if (peers.isEmpty()) {
                        continue;
                    }
                    List<CompiledTunnel> old = oldRuns == null || changedEndpoints.contains(g) ? null : oldRuns.get(g);
                    List<CompiledTunnel> run = compileRun(t, g, peers, old);
                    topologyRuns.put(g, run);
                    perGateway.computeIfAbsent(g, k -> new ArrayList<>(1)).add(run);
                }
                runs.put(t.spec.name(), topologyRuns);
            }
            TreeMap<String, GatewayConfig> configs = new TreeMap<>();
            TreeSet<String> changed = new TreeSet<>();
            Map<String, List<CompiledTunnel>> unsorted = new HashMap<>();
            for (GatewaySpec g : r.gateways.values()) {
                String name = g.name();
                List<List<CompiledTunnel>> parts = perGateway.getOrDefault(name, List.of());
                List<CompiledTunnel> all;
                if (parts.size() == 1) {
                    all = parts.get(0);
                } else {
                    all = new ArrayList<>();
                    parts.forEach(all::addAll);
                }
                unsorted.put(name, all);
                GatewayConfig old = previous == null ? null : previous.config(name);
                List<CompiledTunnel> oldUnsorted = previous == null ? null : previous.unsorted.get(name);
                if (old != null && sameElements(all, oldUnsorted)) {
                    configs.put(name, old);
                    continue;
                }
                List<CompiledTunnel> sorted = old != null && reused.getOrDefault(name, 0) == old.tunnels().size()
                        ? mergedIntoPrevious(old.tunnels(), fresh.getOrDefault(name, List.of()), all.size()) : null;
                if (sorted == null) {
                    sorted = new ArrayList<>(all);
                    sorted.sort(BY_NAME);
                }
                GatewayConfig config = new GatewayConfig(name, sorted);
                configs.put(name, config);
                if (old == null || !sameContent(old.tunnels(), config.tunnels())) {
                    changed.add(name);
                }
            }
            return new Compilation(model, r, configs, changed, runs, unsorted);
        }

        /**
         * The gateway's new sorted tunnel list from its previous one when every previous
         * tunnel was reused (the same objects) and some were added: the additions are
         * sorted and merged in, instead of sorting all again (adding one gateway to a mesh
         * of 1,000 adds one tunnel to each of 1,000 lists). Null when the counts do not
         * add up; the caller sorts then.
         */
        private static List<CompiledTunnel> mergedIntoPrevious(List<CompiledTunnel> previous,
                List<CompiledTunnel> added, int total) {
            if (previous.size() + added.size() != total) {
                return null;
            }
            List<CompiledTunnel> sortedAdded = new ArrayList<>(added);
            sortedAdded.sort(BY_NAME);
            List<CompiledTunnel> merged = new ArrayList<>(total);
            int from = 0;
            for (CompiledTunnel t : sortedAdded) {
                // binary search for the insertion point: a few comparisons, then a block copy
                int lo = from;
                int hi = previous.size();
                while (lo < hi) {
                    int mid = (lo + hi) >>> 1;
                    if (previous.get(mid).name().compareTo(t.name()) <= 0) {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                merged.addAll(previous.subList(from, lo));
                merged.add(t);
                from = lo;
            }
            merged.addAll(previous.subList(from, previous.size()));
            return merged;
        }

        /** Equal lists, comparing by reference first (reused tunnels are the same objects). */
        private static boolean sameContent(List<CompiledTunnel> a, List<CompiledTunnel> b) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i) != b.get(i) && !a.get(i).equals(b.get(i))) {
                    return false;
                }
            }
            return true;
        }

        private static boolean sameElements(List<CompiledTunnel> a, List<CompiledTunnel> b) {
            if (a == b) {
                return true;
            }
            if (b == null || a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i) != b.get(i)) {
                    return false;
                }
            }
            return true;
        }

        /** The previous runs of this topology when its settings allow reusing tunnels, else null. */
        private Map<String, List<CompiledTunnel>> reusableRuns(Resolved t) {
            if (previous == null) {
                return null;
            }
            Resolved old = previous.resolved.topologies.get(t.spec.name());
            if (old == null || !old.spec.settingsOnly().equals(t.spec.settingsOnly()) || !old.hubs.equals(t.hubs)) {
                return null;
            }
            // via the hub, a spoke's selectors include every other spoke's subnets
            if (t.viaHub() && (!old.members.equals(t.members) || t.members.stream().anyMatch(changedEndpoints::contains))) {
                return null;
            }
            if (changedIkePolicies.contains(t.spec.ikePolicy()) || changedIpsecPolicies.contains(t.spec.ipsecPolicy())) {
                return null;
            }
            for (TopologySpec.LinkOverride o : t.spec.overrides()) {
                if (changedIkePolicies.contains(o.ikePolicy()) || changedIpsecPolicies.contains(o.ipsecPolicy())) {
                    return null;
                }
            }
            return previous.runs.get(t.spec.name());
        }

        /** The tunnels of {@code g} to {@code peers} (sorted), reusing {@code old} (same order) where possible. */
        private List<CompiledTunnel> compileRun(Resolved t, String g, List<String> peers, List<CompiledTunnel> old) {
            CompiledTunnel[] run = new CompiledTunnel[peers.size()];
            int reusedHere = 0;
            Set<String> newKeys = changedPsks == null ? null : changedPskPartners.getOrDefault(g, Set.of());
            int j = 0;
            for (int i = 0; i < run.length; i++) {
                String peer = peers.get(i);
                CompiledTunnel reused = null;
                if (old != null) {
                    // both lists are sorted by peer and mostly the same: test equality first
                    while (j < old.size() && !old.get(j).peer().equals(peer) && old.get(j).peer().compareTo(peer) < 0) {
                        j++;
                    }
                    if (j < old.size() && old.get(j).peer().equals(peer) && !changedEndpoints.contains(peer)
                            && (newKeys != null ? !newKeys.contains(peer) : samePsk(old.get(j), g, peer))) {
                        reused = old.get(j);
                    }
                }
                if (reused != null) {
                    run[i] = reused;
                    reusedHere++;
                } else {
                    run[i] = tunnel(t, g, peer);
                    fresh.computeIfAbsent(g, k -> new ArrayList<>(1)).add(run[i]);
                }
            }
            if (reusedHere > 0) {
                reused.merge(g, reusedHere, Integer::sum);
            }
            return List.of(run);
        }

        private boolean samePsk(CompiledTunnel old, String g, String peer) {
            return Objects.equals(old.psk(), model.psks().get(g, peer));
        }

        private CompiledTunnel tunnel(Resolved t, String g, String peerName) {
            GatewaySpec local = r.gateways.get(g);
            GatewaySpec peerGateway = r.gateways.get(peerName);
            ExternalPeer external = peerGateway == null ? r.externals.get(peerName) : null;
            String remoteAddress = peerGateway != null ? peerGateway.address() : external.address();
            IkePolicy ikePolicy = r.ikePolicies.get(ikePolicyName(t, g, peerName));
            Identity remoteId;
            Identity localId;
            if (ikePolicy.auth() == IkePolicy.Auth.CERTIFICATE) {
                // the identity the certificate really carries, so the peer's check passes (RFC 4945 3.1)
                remoteId = peerGateway != null ? peerGateway.certificateIdentity() : external.effectiveIdentity();
                localId = local.certificateIdentity();
            } else {
                remoteId = identities.computeIfAbsent(peerName,
                        n -> peerGateway != null ? peerGateway.effectiveIdentity() : external.effectiveIdentity());
                localId = identities.computeIfAbsent(g, n -> local.effectiveIdentity());
            }
            IkeSettings ike = ikeSettings.computeIfAbsent(ikePolicy.name(), n -> new IkeSettings(n, ikePolicy.mode(),
                    ikePolicy.proposals(), ikePolicy.lifetimeSeconds(), ikePolicy.dpdDelaySeconds(),
                    ikePolicy.dpdTimeoutSeconds(), ikePolicy.dpdAction(), ikePolicy.natTraversal(), false));
            IpsecPolicy ipsecPolicy = r.ipsecPolicies.get(ipsecPolicyName(t, g, peerName));
            IpsecSettings ipsec = ipsecSettings.computeIfAbsent(ipsecPolicy.name(), n -> new IpsecSettings(n,
                    ipsecPolicy.protocol(), ipsecPolicy.proposals(), ipsecPolicy.encapsulation(),
                    ipsecPolicy.lifetimeSeconds(), ipsecPolicy.lifetimeKilobytes()));
            Secret psk = ikePolicy.auth() == IkePolicy.Auth.PSK ? model.psks().get(g, peerName) : null;

            List<String> localNets = localNets(t, local, peerName);
            List<String> remoteNets = remoteNets(t, g, peerGateway != null ? peerGateway.subnets() : external.subnets(),
                    peerName);
            List<ChildSa> children;
            List<String> routes;
            List<String> notes = List.of();
            if (t.spec.vpnType() == TopologySpec.VpnType.ROUTE_BASED) {
                children = new ArrayList<>(2);
                if (hasFamily(localNets, false) || hasFamily(remoteNets, false) || localNets.isEmpty()) {
                    children.add(new ChildSa(ANY4 + "--" + ANY4, List.of(ANY4), List.of(ANY4)));
                }
                if (hasFamily(localNets, true) || hasFamily(remoteNets, true)) {
                    children.add(new ChildSa(ANY6 + "--" + ANY6, List.of(ANY6), List.of(ANY6)));
                }
                routes = remoteNets;
            } else {
                children = policyChildren(localNets, remoteNets);
                routes = List.of();
                notes = g.compareTo(peerName) < 0 ? AddressFamilies.unpaired(g, localNets, peerName, remoteNets)
                        : AddressFamilies.unpaired(peerName, remoteNets, g, localNets);
            }
            StartAction start = startAction(t, local, peerGateway, g, peerName);
            return new CompiledTunnel(LinkKey.of(g, peerName).tunnelName(), t.spec.name(), peerName, external != null,
                    remoteAddress, localId, remoteId, ike, ipsec, children, ikePolicy.auth(), psk, start, routes,
                    t.spec.vpnType(), notes);
        }

        /** Our side of the selectors; the primary hub also carries the other spokes' subnets to a spoke. */
        private List<String> localNets(Resolved t, GatewaySpec local, String peer) {
            if (t.viaHub() && t.hubs.get(0).equals(local.name()) && !t.isHub(peer)) {
                return withSpokes(t, local.subnets(), peer);
            }
            return local.subnets();
        }

        /** The peer's side; a spoke reaches the other spokes through the primary hub. */
        private List<String> remoteNets(Resolved t, String g, List<String> peerSubnets, String peer) {
            if (t.viaHub() && t.hubs.get(0).equals(peer) && !t.isHub(g)) {
                return withSpokes(t, peerSubnets, g);
            }
            return peerSubnets;
        }

        private List<String> withSpokes(Resolved t, List<String> hubSubnets, String exceptSpoke) {
            LinkedHashSet<String> nets = new LinkedHashSet<>(hubSubnets);
            for (String m : t.members) {
                if (!t.isHub(m) && !m.equals(exceptSpoke)) {
                    nets.addAll(r.gateways.get(m).subnets());
                }
            }
            return List.copyOf(nets);
        }

        private static boolean hasFamily(List<String> nets, boolean v6) {
            return (AddressFamilies.of(nets) & (v6 ? AddressFamilies.IPV6 : AddressFamilies.IPV4)) != 0;
        }

        /**
         * One child SA per local/remote subnet pair of the same IP version (RFC 2409 section
         * 5.5): a subnet whose family the other end lacks gets none (see {@link AddressFamilies}).
         */
        private static List<ChildSa> policyChildren(List<String> localNets, List<String> remoteNets) {
            List<ChildSa> children = new ArrayList<>(localNets.size() * remoteNets.size());
            for (String l : localNets) {
                for (String rn : remoteNets) {
                    if (Cidr.isIpv6(l) == Cidr.isIpv6(rn)) {
                        children.add(new ChildSa(l + "--" + rn, List.of(l), List.of(rn)));
                    }
                }
            }
            return children;
        }

        /**
         * Who initiates: a gateway behind NAT must (nobody can reach it); its peer only
         * responds. In hub-and-spoke, spokes initiate and hubs respond. Between two other
         * Gatewise gateways (mesh members, hubs) the one whose name sorts first initiates
         * and the other responds: IKEv1 has no rule for crossing negotiations, so two
         * starting ends each build an IKE SA and a CHILD SA pair, twice the SAs for one
         * tunnel. The responder's end comes back when the initiator retries (its start
         * action, DPD restart). Towards an external peer we always start.
         */
        private static StartAction startAction(Resolved t, GatewaySpec local, GatewaySpec peerGateway, String g,
                                               String peer) {
            if (local.behindNat()) {
                return StartAction.START;
            }
            if (peerGateway != null && peerGateway.behindNat()) {
                return StartAction.RESPOND;
            }
            if (t.spec.kind() == TopologySpec.Kind.HUB_AND_SPOKE && t.isHub(g) != t.isHub(peer)) {
                return t.isHub(g) ? StartAction.RESPOND : StartAction.START;
            }
            if (peerGateway != null && g.compareTo(peer) > 0) {
                return StartAction.RESPOND;
            }
            return StartAction.START;
        }
    }
}
