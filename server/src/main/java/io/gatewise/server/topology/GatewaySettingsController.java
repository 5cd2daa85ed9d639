package io.gatewise.server.topology;

import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gatewise.server.gateway.GatewayService;
import io.gatewise.server.topology.compiler.Cidr;
import io.gatewise.server.topology.compiler.Identity;
import io.gatewise.server.topology.compiler.Problem;

/**
 * A gateway's topology settings page ({@code /gateways/{id}/topology}): protected
 * subnets, tags, IKE identity, NAT. Saving recompiles; a bad subnet or an overlap inside
 * a topology is shown next to the subnets and nothing is written.
 */
@Controller
class GatewaySettingsController {
    private final TopologyService topology;
    private final TopologyViewService views;
    private final GatewayService gateways;

    GatewaySettingsController(TopologyService topology, TopologyViewService views, GatewayService gateways) {
        this.topology = topology;
        this.views = views;
        this.gateways = gateways;
    }

    @GetMapping("/gateways/{id}/topology")
    String page(@PathVariable UUID id, Model model) {
        GatewayTopologySettings s = views.settings(id);
        return page(id, String.join("\n", s.subnets()), String.join(", ", s.tags()),
                s.identity() == null ? "" : s.identity().value(), s.behindNat(), null, model);
    }

    @PostMapping("/gateways/{id}/topology")
    String save(@PathVariable UUID id, @RequestParam(defaultValue = "") String subnets,
                @RequestParam(defaultValue = "") String tags, @RequestParam(defaultValue = "") String identity,
                @RequestParam(defaultValue = "false") boolean behindNat, Principal principal, Model model,
                RedirectAttributes redirect) {
        views.settings(id); // 404 first
        try {
            TopologyChange change = topology.setGatewaySettings(id, settings(subnets, tags, identity, behindNat),
                    principal.getName());
            redirect.addFlashAttribute("notice", "Topology settings saved" + PolicyPageController.pushed(change));
            return "redirect:/gateways/" + id + "/topology";
        } catch (TopologyValidationException e) {
            Map<String, String> errors = new LinkedHashMap<>();
            for (Problem p : e.problems()) {
                String field = switch (p.rule()) {
                    case BAD_SUBNET, OVERLAPPING_SUBNETS, MEMBER_WITHOUT_SUBNETS, NO_COMMON_FAMILY -> "subnets";
                    case BOTH_BEHIND_NAT -> "behindNat";
                    default -> "general";
                };
                errors.merge(field, p.message(), (a, b) -> a + " " + b);
            }
            return page(id, subnets, tags, identity, behindNat, errors, model);
        }
    }

    static GatewayTopologySettings settings(String subnets, String tags, String identity, boolean behindNat) {
        return settings(split(subnets), split(tags), identity, behindNat);
    }

    static GatewayTopologySettings settings(List<String> subnets, java.util.Collection<String> tags, String identity,
                                            boolean behindNat) {
        Set<String> cleanTags = new TreeSet<>();
        tags.forEach(t -> cleanTags.add(t.trim()));
        cleanTags.remove("");
        List<String> cleanSubnets = new ArrayList<>();
        // canonical text (IPv6 compressed, RFC 5952), so one prefix written two ways is one prefix
        subnets.stream().map(Cidr::canonical).filter(s -> !s.isEmpty()).distinct().forEach(cleanSubnets::add);
        String id = identity == null ? "" : identity.trim();
        return new GatewayTopologySettings(cleanSubnets, cleanTags, id.isEmpty() ? null : Identity.of(id), behindNat);
    }

    private static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        for (String s : text.split("[,\\s]+")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    private String page(UUID id, String subnets, String tags, String identity, boolean behindNat,
                        Map<String, String> errors, Model model) {
        model.addAttribute("gateway", gateways.get(id));
        model.addAttribute("subnets", subnets);
        model.addAttribute("tags", tags);
        model.addAttribute("identity", identity);
        model.addAttribute("behindNat", behindNat);
        model.addAttribute("errors", errors);
        return "topologies/gateway-settings";
    }
}
