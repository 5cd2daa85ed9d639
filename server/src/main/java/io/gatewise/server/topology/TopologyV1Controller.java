package io.gatewise.server.topology;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.gatewise.server.topology.compiler.PreflightFailure;
import io.gatewise.server.topology.compiler.TopologySpec;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Topologies over {@code /api/v1}, mirroring the pages: CRUD, the pre-flight result, the
 * picture as JSON (the same nodes, edges and coordinates the page draws), an admin's PSK
 * reveal (recorded), and a gateway's topology settings (subnets, tags, identity, NAT).
 */
@RestController
@Tag(name = "Topologies", description = "Topologies, pre-flight, picture, gateway topology settings")
class TopologyV1Controller {
    private final TopologyService topology;
    private final TopologyViewService views;

    TopologyV1Controller(TopologyService topology, TopologyViewService views) {
        this.topology = topology;
        this.views = views;
    }

    /**
     * A write's outcome: the saved spec, new config versions, the pre-flight failures to
     * look at, and the compiler's warnings (e.g. an address family only one end of a link
     * protects, which gets no child SA).
     */
    record WriteResult(TopologySpec topology, Map<String, Long> newVersions, List<PreflightFailure> preflight,
                       List<String> warnings) {
    }

    /** {@code warnings}: the compiler's notes; they do not make {@code ok} false. */
    record Preflight(String topology, int tunnels, boolean ok, List<PreflightFailure> failures,
                     List<String> warnings) {
    }

    /** A gateway's topology settings; {@code identity} null or empty means its address. */
    record SettingsJson(List<String> subnets, List<String> tags, String identity, Boolean behindNat) {
    }

    record RevealRequest(String link) {
    }

    /** The key, in this response only. */
    record RevealedPsk(String link, String psk) {
        @Override
        public String toString() {
            return "RevealedPsk[" + link + ", redacted]";
        }
    }

    @GetMapping("/api/v1/topologies")
    List<TopologySpec> list() {
        return views.specs().topologies();
    }

    @GetMapping("/api/v1/topologies/{name}")
    TopologySpec one(@PathVariable String name) {
        return views.topology(name);
    }

    @Operation(summary = "Create a topology; validated whole, pushed, pre-flight failures returned (not blocking)")
    @PostMapping("/api/v1/topologies")
    @ResponseStatus(HttpStatus.CREATED)
    WriteResult create(@RequestBody TopologyInput.Json body, Principal principal) {
        TopologySpec spec = TopologyInput.spec(body, views.specs());
        if (views.specs().topologies().stream().anyMatch(t -> t.name().equals(spec.name()))) {
            throw new PolicyV1Controller.NameTaken("topology", spec.name());
        }
        return write(spec, principal);
    }

    @Operation(summary = "Replace a topology (members, hubs, links, policies, overrides)")
    @PutMapping("/api/v1/topologies/{name}")
    WriteResult update(@PathVariable String name, @RequestBody TopologyInput.Json body, Principal principal) {
        views.topology(name);
        TopologyInput.Json named = new TopologyInput.Json(name, body.kind(), body.vpnType(), body.members(),
                body.tags(), body.hubs(), body.spokeToSpoke(), body.links(), body.ikePolicy(), body.ipsecPolicy(),
                body.overrides());
        return write(TopologyInput.spec(named, views.specs()), principal);
    }

    @Operation(summary = "Delete a topology; its gateways lose its tunnels")
    @DeleteMapping("/api/v1/topologies/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String name, Principal principal) {
        views.topology(name);
        topology.deleteTopology(name, principal.getName());
    }

    @Operation(summary = "Pre-flight: every tunnel checked from both ends as the peers will see it")
    @GetMapping("/api/v1/topologies/{name}/preflight")
    Preflight preflight(@PathVariable String name) {
        TopologyViewService.Overview o = views.overview(name);
        List<PreflightFailure> failures = o.tunnels().stream().flatMap(t -> t.failures().stream()).toList();
        return new Preflight(name, o.tunnels().size(), failures.isEmpty(), failures, o.notes());
    }

    @Operation(summary = "The topology picture: nodes with coordinates, edges with live state and pre-flight")
    @GetMapping("/api/v1/topologies/{name}/picture")
    TopologyPicture picture(@PathVariable String name) {
        return views.overview(name).picture();
    }

    @Operation(summary = "Reveal a link's pre-shared key (ADMIN only; recorded in the change log)")
    @PostMapping("/api/v1/topologies/{name}/reveal-psk")
    RevealedPsk revealPsk(@PathVariable String name, @RequestBody RevealRequest body, Principal principal) {
        if (body == null || body.link() == null || body.link().isBlank()) {
            throw new InvalidInputException(Map.of("link", "Name the link, e.g. \"hq--branch-1\"."));
        }
        return new RevealedPsk(body.link(), views.revealPsk(name, body.link(), principal.getName()).reveal());
    }

    @GetMapping("/api/v1/gateways/{id}/topology")
    SettingsJson settings(@PathVariable UUID id) {
        GatewayTopologySettings s = views.settings(id);
        return new SettingsJson(s.subnets(), List.copyOf(s.tags()), s.identity() == null ? null : s.identity().value(),
                s.behindNat());
    }

    @Operation(summary = "Set a gateway's protected subnets, tags, IKE identity and NAT flag; recompiles")
    @PutMapping("/api/v1/gateways/{id}/topology")
    Map<String, Long> putSettings(@PathVariable UUID id, @RequestBody SettingsJson body, Principal principal) {
        views.settings(id);
        GatewayTopologySettings s = GatewaySettingsController.settings(
                body.subnets() == null ? List.of() : body.subnets(), body.tags() == null ? List.of() : body.tags(),
                body.identity(), Boolean.TRUE.equals(body.behindNat()));
        return topology.setGatewaySettings(id, s, principal.getName()).newVersions();
    }

    private WriteResult write(TopologySpec spec, Principal principal) {
        TopologyChange change = topology.saveTopology(spec, principal.getName());
        return new WriteResult(spec, change.newVersions(), views.preflight(spec.name()), views.notes(spec.name()));
    }
}
