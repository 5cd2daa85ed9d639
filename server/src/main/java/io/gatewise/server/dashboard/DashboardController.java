package io.gatewise.server.dashboard;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import io.gatewise.server.audit.AuditFilter;
import io.gatewise.server.audit.AuditRow;
import io.gatewise.server.audit.AuditService;
import io.gatewise.server.gateway.AgentPresence;
import io.gatewise.server.gateway.Gateway;
import io.gatewise.server.gateway.GatewayService;
import io.gatewise.server.status.LiveStatusService;
import io.gatewise.server.status.TunnelState;
import io.gatewise.server.topology.TopologyViewService;

/**
 * The dashboard: gateways online, tunnel ends by live state, topologies whose pre-flight
 * fails, and the most recent failed negotiations from the audit log. Read-only, every
 * role; each number links to the page with the details.
 */
@Controller
class DashboardController {
    private static final int RECENT_FAILURES = 8;

    private final GatewayService gateways;
    private final AgentPresence presence;
    private final LiveStatusService status;
    private final AuditService audit;
    private final TopologyViewService topologies;

    DashboardController(GatewayService gateways, AgentPresence presence, LiveStatusService status, AuditService audit,
                        TopologyViewService topologies) {
        this.gateways = gateways;
        this.presence = presence;
        this.status = status;
        this.audit = audit;
        this.topologies = topologies;
    }

    /** A failed negotiation as the dashboard lists it. */
    record Failure(AuditRow row, String gatewayName) {
    }

    @GetMapping("/dashboard")
    String dashboard(Model model) {
        List<Gateway> all = gateways.list();
        Map<UUID, String> names = new HashMap<>();
        all.forEach(g -> names.put(g.getId(), g.getName()));
        long online = all.stream().filter(g -> presence.connectedSince(g.getId()).isPresent()).count();
        Map<TunnelState, Long> tunnels = new EnumMap<>(TunnelState.class);
        for (TunnelState s : TunnelState.values()) {
            tunnels.put(s, 0L);
        }
        status.tunnels().forEach(v -> tunnels.merge(v.state(), 1L, Long::sum));
        Map<String, long[]> counts = topologies.tunnelAndFailureCounts();
        List<String> failingTopologies = counts.entrySet().stream().filter(e -> e.getValue()[1] > 0)
                .map(Map.Entry::getKey).sorted().toList();
        AuditFilter failed = new AuditFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of("failed"), Optional.empty());
        List<Failure> failures = audit.find(failed, RECENT_FAILURES).stream()
                .map(r -> new Failure(r, names.getOrDefault(r.gatewayId(), String.valueOf(r.gatewayId())))).toList();
        model.addAttribute("gatewayCount", all.size());
        model.addAttribute("online", online);
        model.addAttribute("up", tunnels.get(TunnelState.UP));
        model.addAttribute("oneSide", tunnels.get(TunnelState.ONE_SIDE_UP));
        model.addAttribute("down", tunnels.get(TunnelState.DOWN));
        model.addAttribute("never", tunnels.get(TunnelState.NEVER_ESTABLISHED));
        model.addAttribute("topologyCount", counts.size());
        model.addAttribute("failingTopologies", failingTopologies);
        model.addAttribute("failures", failures);
        return "dashboard";
    }
}
