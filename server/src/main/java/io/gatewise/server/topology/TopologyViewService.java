package io.gatewise.server.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gatewise.server.changelog.ChangeLog;
import io.gatewise.server.gateway.Gateway;
import io.gatewise.server.gateway.GatewayService;
import io.gatewise.server.status.LiveStatusService;
import io.gatewise.server.status.TunnelState;
import io.gatewise.server.system.Access;
import io.gatewise.server.system.Secret;
import io.gatewise.server.system.SecretBox;
import io.gatewise.server.topology.compiler.Cidr;
import io.gatewise.server.topology.compiler.CompiledTunnel;
import io.gatewise.server.topology.compiler.Compilation;
import io.gatewise.server.topology.compiler.ExternalPeer;
import io.gatewise.server.topology.compiler.GatewayConfig;
import io.gatewise.server.topology.compiler.GatewaySpec;
import io.gatewise.server.topology.compiler.IkePolicy;
import io.gatewise.server.topology.compiler.IpsecPolicy;
import io.gatewise.server.topology.compiler.LinkKey;
import io.gatewise.server.topology.compiler.Preflight;
import io.gatewise.server.topology.compiler.PreflightFailure;
import io.gatewise.server.topology.compiler.PskTable;
import io.gatewise.server.topology.compiler.TopologyCompiler;
import io.gatewise.server.topology.compiler.TopologyModel;
import io.gatewise.server.topology.compiler.TopologySpec;

/**
 * What the policy and topology pages and {@code /api/v1} read: the stored specs (never a
 * key), a topology's tunnels with their pre-flight result and live state, its picture,
 * and the one deliberate way to see a link's key ({@link #revealPsk}, ADMIN, recorded).
 *
 * <p>Pre-flight and picture read {@link TopologyService}'s last committed compilation, so
 * what is shown is what the agents were sent; its keys take part only so the pre-flight
 * can compare the two ends' PSKs, and never leave this class except through
 * {@link #revealPsk}.
 */
@Service
public class TopologyViewService {
    private final TopologyModelLoader loader;
    private final TopologyGatewayRepository gateways;
    private final LinkPskRepository psks;
    private final SecretBox secretBox;
    private final ChangeLog changeLog;
    private final LiveStatusService status;
    private final GatewayService gatewayService;
    private final TopologyService service;

    TopologyViewService(TopologyService topology, TopologyModelLoader loader, TopologyGatewayRepository gateways, LinkPskRepository psks,
                        SecretBox secretBox, ChangeLog changeLog, LiveStatusService status,
                        GatewayService gatewayService) {
        this.loader = loader;
        this.gateways = gateways;
        this.psks = psks;
        this.secretBox = secretBox;
        this.changeLog = changeLog;
        this.status = status;
        this.gatewayService = gatewayService;
        this.service = topology;
    }

    /** The pre-flight of one compilation, kept until the next write replaces it. */
    private record Checked(Compilation compilation, List<PreflightFailure> failures) {
    }

    private volatile Checked checked;

    /** Every failure of {@code c}; computed once per compilation (a 1,000-gateway mesh has 499,500 tunnels). */
    private List<PreflightFailure> failures(Compilation c) {
        Checked k = checked;
        if (k != null && k.compilation() == c) {
            return k.failures();
        }
        List<PreflightFailure> f = Preflight.check(c);
        checked = new Checked(c, f);
        return f;
    }

    /**
     * What the agents were last sent: the service's committed compilation (no compile on
     * a page view), or a fresh one when there is none yet.
     */
    private Compilation compiled() {
        Compilation c = service.lastCompilation();
        return c != null ? c : TopologyCompiler.compile(loader.load());
    }

    /**
     * One tunnel of a topology: its two ends, live state, pre-flight result and the
     * compiler's notes (what it left out, e.g. an address family only one end protects).
     */
    public record TunnelCheck(String tunnel, String a, String b, boolean psk, String state, String stateLabel,
                              List<PreflightFailure> failures, List<String> notes) {
        public TunnelCheck {
            failures = List.copyOf(failures);
            notes = List.copyOf(notes);
        }

        public boolean ok() {
            return failures.isEmpty();
        }
    }

    /** A topology as its detail page shows it. */
    public record Overview(TopologySpec spec, List<String> members, List<TunnelCheck> tunnels,
                           TopologyPicture picture) {
        public long failing() {
            return tunnels.stream().filter(t -> !t.ok()).count();
        }

        /** Every compiler note of the topology's tunnels, in tunnel order, for the warning box and the API. */
        public List<String> notes() {
            return tunnels.stream().flatMap(t -> t.notes().stream()).toList();
        }
    }

    /** The stored model without keys: policies, gateways, topologies. */
    @PreAuthorize(Access.READ)
    @Transactional(readOnly = true)
    public TopologyModel specs() {
        return loader.load(PskTable.empty());
    }

    @PreAuthorize(Access.READ)
    @Transactional(readOnly = true)
    public IkePolicy ikePolicy(String name) {
        return specs().ikePolicies().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new TopologyObjectNotFoundException("IKE policy", name));
    }

    @PreAuthorize(Access.READ)
    @Transactional(readOnly = true)
    public IpsecPolicy ipsecPolicy(String name) {
        return specs().ipsecPolicies().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new TopologyObjectNotFoundException("IPsec policy", name));
    }

    @PreAuthorize(Access.READ)
    @Transactional(readOnly = true)
    public TopologySpec topology(String name) {
        return find(specs(), name);
    }

    /** Names of the topologies using the policy, directly or in an override. */
    @PreAuthorize(Access.READ)
    @Transactional(readOnly = true)
    public List<String> topologiesUsing(String policy, boolean ike) {
        return TopologyService.topologiesUsing(specs(), policy, ike);
    }

    @PreAuthorize(Access.READ)
    @Transactional(readOnly = true)
    public ExternalPeer externalPeer(String name) {
        return specs().externalPeers().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new TopologyObjectNotFoundException("external peer", name));
    }

    /** Names of the topologies linking the external peer (or gateway), or overriding a link's policies with it. */
    @PreAuthorize(Access.READ)
    @Transactional(readOnly = true)
    public List<String> topologiesLinking(String endpoint) {
        return TopologyService.topologiesLinking(specs(), endpoint);
    }

    /** A gateway's topology settings (subnets, tags, identity, NAT). */
    @PreAuthorize(Access.READ)
    @Transactional(readOnly = true)
    public GatewayTopologySettings settings(UUID gatewayId) {
        TopologyGateway g = gateways.findById(gatewayId)
                .orElseThrow(() -> new TopologyObjectNotFoundException("gateway", gatewayId.toString()));
        return new GatewayTopologySettings(Cidr.canonical(g.getProtectedSubnets()), g.getTags(), g.getIdentity(),
                g.isBehindNat());
    }

    /** Every tag some gateway carries, sorted. */
    @PreAuthorize(Access.READ)
    @Transactional(readOnly = true)
    public Set<String> tags() {
        Set<String> tags = new TreeSet<>();
        gateways.findAll().forEach(g -> tags.addAll(g.getTags()));
        return tags;
    }

    /** The compiler's notes on one topology's tunnels (what it left out and why); empty when none. */
    @PreAuthorize(Access.READ)
    @Transactional(readOnly = true)
    public List<String> notes(String topology) {
        Compilation c = compiled();
        find(c.model(), topology);
        return tunnelsOf(c, topology).values().stream().flatMap(t -> t.notes().stream()).toList();
    }

    /** The pre-flight failures of one topology's tunnels (empty: every tunnel would come up). */
    @PreAuthorize(Access.READ)
    @Transactional(readOnly = true)
    public List<PreflightFailure> preflight(String topology) {
        Compilation c = compiled();
        find(c.model(), topology);
        Set<String> names = tunnelsOf(c, topology).keySet();
        return failures(c).stream().filter(f -> names.contains(f.tunnel())).toList();
    }

    /** Pre-flight failure count per topology, for the list. */
    @PreAuthorize(Access.READ)
    @Transactional(readOnly = true)
    public Map<String, long[]> tunnelAndFailureCounts() {
        Compilation c = compiled();
        Map<String, String> topologyOf = new HashMap<>();
        Map<String, long[]> counts = new LinkedHashMap<>();
        c.model().topologies().forEach(t -> counts.put(t.name(), new long[2]));
        for (String t : counts.keySet()) {
            tunnelsOf(c, t).keySet().forEach(n -> topologyOf.put(n, t));
            counts.get(t)[0] = tunnelsOf(c, t).size();
        }
        Set<String> failed = new TreeSet<>();
        failures(c).forEach(f -> failed.add(f.tunnel()));
        failed.forEach(n -> {
            String t = topologyOf.get(n);
            if (t != null) {
                counts.get(t)[1]++;
            }
        });
        return counts;
    }

    /** The detail page's view: members, tunnels with state and pre-flight, picture. */
    @PreAuthorize(Access.READ)
    @Transactional(readOnly = true)
    public Overview overview(String topology) {
        Compilation c = compiled();
        TopologySpec spec = find(c.model(), topology);
        Map<String, CompiledTunnel> tunnels = tunnelsOf(c, topology);
        Map<String, List<PreflightFailure>> failures = new HashMap<>();
        failures(c).stream().filter(f -> tunnels.containsKey(f.tunnel()))
                .forEach(f -> failures.computeIfAbsent(f.tunnel(), k -> new ArrayList<>()).add(f));
        Map<String, TunnelState> live = liveStates();
        Set<String> external = new TreeSet<>();
        c.model().externalPeers().forEach(x -> external.add(x.name()));

        List<TunnelCheck> checks = new ArrayList<>();
        for (Map.Entry<String, CompiledTunnel> e : tunnels.entrySet()) {
            LinkKey key = linkKey(e.getKey());
            String state = edgeState(key, external, live);
            checks.add(new TunnelCheck(e.getKey(), key.a(), key.b(), e.getValue().auth() == IkePolicy.Auth.PSK, state,
                    TopologyPicture.label(state), failures.getOrDefault(e.getKey(), List.of()),
                    e.getValue().notes()));
        }
        List<String> members = members(c.model(), spec, checks);
        List<TopologyPicture.Endpoint> endpoints = new ArrayList<>();
        for (String m : members) {
            endpoints.add(new TopologyPicture.Endpoint(m, spec.kind() == TopologySpec.Kind.HUB_AND_SPOKE
                    && spec.hubs().contains(m), external.contains(m)));
        }
        List<TopologyPicture.Node> nodes = TopologyPicture.layout(endpoints);
        Map<String, TopologyPicture.Node> at = new HashMap<>();
        nodes.forEach(n -> at.put(n.name(), n));
        List<TopologyPicture.Edge> edges = new ArrayList<>();
        for (TunnelCheck t : checks) {
            TopologyPicture.Node a = at.get(t.a());
            TopologyPicture.Node b = at.get(t.b());
            edges.add(new TopologyPicture.Edge(t.tunnel(), t.a(), t.b(), t.state(), t.stateLabel(), a.x(), a.y(), b.x(),
                    b.y(), t.failures().stream().map(PreflightFailure::describe).toList()));
        }
        return new Overview(spec, members, checks, new TopologyPicture(topology, TopologyPicture.WIDTH,
                TopologyPicture.HEIGHT, nodes, edges));
    }

    /**
     * The pre-shared key of one of the topology's links, for an admin who asked for it
     * explicitly. Recorded in the change log (who, when, which link; never the key).
     */
    @PreAuthorize(Access.ADMIN)
    @Transactional
    public Secret revealPsk(String topology, String tunnel, String actor) {
        Compilation c = compiled();
        find(c.model(), topology);
        CompiledTunnel t = tunnelsOf(c, topology).get(tunnel);
        if (t == null) {
            throw new TopologyObjectNotFoundException("tunnel in topology '" + topology + "'", tunnel);
        }
        LinkKey key = linkKey(tunnel);
        LinkPskEntity row = psks.findAll().stream().filter(p -> p.key().equals(key)).findFirst()
                .orElseThrow(() -> new TopologyObjectNotFoundException("pre-shared key for link", tunnel));
        Secret psk = Secret.of(secretBox.openString(row.getPskSealed(), LinkPskEntity.context(key)));
        changeLog.record(actor, "reveal-psk", "link-psk", tunnel, null, new RevealedLink(topology, tunnel));
        return psk;
    }

    /** What the change log keeps of a reveal: which link, never the key. */
    record RevealedLink(String topology, String link) {
    }

    private static TopologySpec find(TopologyModel model, String name) {
        return model.topologies().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new TopologyObjectNotFoundException("topology", name));
    }

    /** Tunnel name to one end's compiled tunnel, for the tunnels the topology produced. */
    private static Map<String, CompiledTunnel> tunnelsOf(Compilation c, String topology) {
        Map<String, CompiledTunnel> out = new java.util.TreeMap<>();
        for (GatewayConfig config : c.configs().values()) {
            for (CompiledTunnel t : config.tunnels()) {
                if (t.topology().equals(topology)) {
                    out.putIfAbsent(t.name(), t);
                }
            }
        }
        return out;
    }

    /** "a--b" back to its endpoints (names never contain "--", decision D9). */
    private static LinkKey linkKey(String tunnel) {
        int i = tunnel.indexOf("--");
        return LinkKey.of(tunnel.substring(0, i), tunnel.substring(i + 2));
    }

    /** Members in picture order: hubs first, then the rest by name; endpoints of tunnels included. */
    private static List<String> members(TopologyModel model, TopologySpec spec, List<TunnelCheck> tunnels) {
        Set<String> ordered = new LinkedHashSet<>(spec.kind() == TopologySpec.Kind.HUB_AND_SPOKE ? spec.hubs()
                : List.of());
        Set<String> rest = new TreeSet<>(spec.memberGateways());
        rest.addAll(spec.hubs());
        for (GatewaySpec g : model.gateways()) {
            if (g.tags().stream().anyMatch(spec.memberTags()::contains)) {
                rest.add(g.name());
            }
        }
        spec.links().forEach(l -> {
            rest.add(l.a());
            rest.add(l.b());
        });
        tunnels.forEach(t -> {
            rest.add(t.a());
            rest.add(t.b());
        });
        ordered.addAll(rest);
        return new ArrayList<>(ordered);
    }

    /** "gatewayName/tunnel" to the live state of that end. */
    private Map<String, TunnelState> liveStates() {
        Map<UUID, String> names = new HashMap<>();
        for (Gateway g : gatewayService.list()) {
            names.put(g.getId(), g.getName());
        }
        Map<String, TunnelState> out = new HashMap<>();
        for (LiveStatusService.TunnelView v : status.tunnels()) {
            String n = names.get(v.gatewayId());
            if (n != null) {
                out.put(n + "/" + v.tunnel(), v.state());
            }
        }
        return out;
    }

    /**
     * Both managed ends' states folded into one colour: up only when every managed end
     * is up; one side when only some are; down when an end was up and is no more; never
     * when nothing was ever established; unknown when no end has reported.
     */
    static String edgeState(LinkKey key, Set<String> external, Map<String, TunnelState> live) {
        List<TunnelState> ends = new ArrayList<>();
        for (String end : List.of(key.a(), key.b())) {
            if (!external.contains(end)) {
                Optional.ofNullable(live.get(end + "/" + key.tunnelName())).ifPresent(ends::add);
            }
        }
        if (ends.isEmpty()) {
            return "unknown";
        }
        long up = ends.stream().filter(s -> s == TunnelState.UP || s == TunnelState.ONE_SIDE_UP).count();
        long managed = (external.contains(key.a()) ? 0 : 1) + (external.contains(key.b()) ? 0 : 1);
        if (up == managed && ends.stream().allMatch(s -> s == TunnelState.UP)) {
            return "up";
        }
        if (up > 0) {
            return "one-side";
        }
        if (ends.contains(TunnelState.DOWN)) {
            return "down";
        }
        return "never";
    }
}
