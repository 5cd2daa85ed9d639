package io.gatewise.server.topology.compiler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The model indexed by name, with each topology's members resolved (explicit members
 * plus gateways carrying a member tag, plus hubs) and its links enumerable per gateway.
 * Unknown names are skipped here; the validator reports them.
 */
final class ResolvedModel {
    final TopologyModel model;
    final Map<String, GatewaySpec> gateways = new HashMap<>();
    final Map<String, IkePolicy> ikePolicies = new HashMap<>();
    final Map<String, IpsecPolicy> ipsecPolicies = new HashMap<>();
    final Map<String, ExternalPeer> externals = new HashMap<>();
    /** By topology name, sorted. */
    final Map<String, Resolved> topologies = new TreeMap<>();

    /** One topology with its members and links resolved. */
    static final class Resolved {
        final TopologySpec spec;
        /** Gateway members, sorted by name. */
        final List<String> members;
        final List<String> hubs;
        final Set<String> hubSet;
        /** Gateway name -> peers (gateway or external names), sorted. */
        final Map<String, List<String>> peers;
        /** (gateway, peer) -> override. */
        final Map<String, TopologySpec.LinkOverride> overrides = new HashMap<>();

        Resolved(TopologySpec spec, List<String> members, List<String> hubs, Map<String, List<String>> peers) {
            this.spec = spec;
            this.members = members;
            this.hubs = hubs;
            this.hubSet = Set.copyOf(hubs);
            this.peers = peers;
            for (TopologySpec.LinkOverride o : spec.overrides()) {
                overrides.put(o.gateway() + "\n" + o.peer(), o);
            }
        }

        List<String> peersOf(String gateway) {
            return peers.getOrDefault(gateway, List.of());
        }

        TopologySpec.LinkOverride override(String gateway, String peer) {
            return overrides.isEmpty() ? null : overrides.get(gateway + "\n" + peer);
        }

        boolean isHub(String gateway) {
            return hubSet.contains(gateway);
        }

        boolean viaHub() {
            return spec.kind() == TopologySpec.Kind.HUB_AND_SPOKE && spec.spokeToSpoke() == TopologySpec.SpokeToSpoke.VIA_HUB;
        }
    }

    ResolvedModel(TopologyModel model) {
        this.model = model;
        model.gateways().forEach(g -> gateways.putIfAbsent(g.name(), g));
        model.ikePolicies().forEach(p -> ikePolicies.putIfAbsent(p.name(), p));
        model.ipsecPolicies().forEach(p -> ipsecPolicies.putIfAbsent(p.name(), p));
        model.externalPeers().forEach(p -> externals.putIfAbsent(p.name(), p));
        Map<String, List<String>> byTag = new HashMap<>();
        for (GatewaySpec g : model.gateways()) {
            for (String tag : g.tags()) {
                byTag.computeIfAbsent(tag, t -> new ArrayList<>()).add(g.name());
            }
        }
        for (TopologySpec t : model.topologies()) {
            topologies.putIfAbsent(t.name(), resolve(t, byTag));
        }
    }

    private Resolved resolve(TopologySpec t, Map<String, List<String>> byTag) {
        TreeSet<String> members = new TreeSet<>();
        for (String m : t.memberGateways()) {
            if (gateways.containsKey(m)) {
                members.add(m);
            }
        }
        for (String tag : t.memberTags()) {
            members.addAll(byTag.getOrDefault(tag, List.of()));
        }
        List<String> hubs = new ArrayList<>();
        if (t.kind() == TopologySpec.Kind.HUB_AND_SPOKE) {
            for (String h : t.hubs()) {
                if (gateways.containsKey(h) && !hubs.contains(h)) {
                    hubs.add(h);
                    members.add(h);
                }
            }
        }
        List<String> sorted = List.copyOf(members);
        Map<String, List<String>> peers = new LinkedHashMap<>();
        switch (t.kind()) {
            case FULL_MESH -> {
                // every member's peers are all the others: one shared sorted list, viewed without the member
                for (int i = 0; i < sorted.size(); i++) {
                    peers.put(sorted.get(i), new AllBut(sorted, i));
                }
            }
            case HUB_AND_SPOKE -> {
                TreeSet<String> hubSorted = new TreeSet<>(hubs);
                List<String> spokes = sorted.stream().filter(m -> !hubSorted.contains(m)).toList();
                boolean direct = t.spokeToSpoke() == TopologySpec.SpokeToSpoke.DIRECT;
                for (String h : hubSorted) {
                    TreeSet<String> p = new TreeSet<>(hubSorted);
                    p.remove(h);
                    p.addAll(spokes);
                    peers.put(h, List.copyOf(p));
                }
                for (int i = 0; i < spokes.size(); i++) {
                    TreeSet<String> p = new TreeSet<>(hubSorted);
                    if (direct) {
                        p.addAll(new AllBut(spokes, i));
                    }
                    peers.put(spokes.get(i), List.copyOf(p));
                }
            }
            case EXPLICIT -> {
                Map<String, TreeSet<String>> p = new TreeMap<>();
                for (TopologySpec.Link l : t.links()) {
                    if (l.a().equals(l.b())) {
                        continue;
                    }
                    if (gateways.containsKey(l.a()) && (gateways.containsKey(l.b()) || externals.containsKey(l.b()))) {
                        p.computeIfAbsent(l.a(), k -> new TreeSet<>()).add(l.b());
                    }
                    if (gateways.containsKey(l.b()) && (gateways.containsKey(l.a()) || externals.containsKey(l.a()))) {
                        p.computeIfAbsent(l.b(), k -> new TreeSet<>()).add(l.a());
                    }
                }
                p.forEach((g, set) -> peers.put(g, List.copyOf(set)));
                TreeSet<String> all = new TreeSet<>(members);
                all.addAll(p.keySet());
                sorted = List.copyOf(all);
            }
            default -> throw new IllegalStateException();
        }
        return new Resolved(t, sorted, List.copyOf(hubs), Collections.unmodifiableMap(peers));
    }

    /** A sorted list without one index, without copying (a mesh of n has n of these). */
    private static final class AllBut extends java.util.AbstractList<String> implements java.util.RandomAccess {
        private final List<String> all;
        private final int skip;

        AllBut(List<String> all, int skip) {
            this.all = all;
            this.skip = skip;
        }

        @Override
        public String get(int index) {
            return all.get(index < skip ? index : index + 1);
        }

        @Override
        public int size() {
            return all.size() - 1;
        }
    }
}
