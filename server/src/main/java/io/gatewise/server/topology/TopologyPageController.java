package io.gatewise.server.topology;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gatewise.server.gateway.Gateway;
import io.gatewise.server.gateway.GatewayService;
import io.gatewise.server.system.AccessRule;
import io.gatewise.server.system.Role;
import io.gatewise.server.system.Secret;
import io.gatewise.server.topology.compiler.GatewaySpec;
import io.gatewise.server.topology.compiler.TopologyModel;
import io.gatewise.server.topology.compiler.TopologySpec;

/**
 * The topology pages: list, a one-page wizard (kind → members → hubs → policies), the
 * detail page with the picture and pre-flight, and an admin's explicit PSK reveal.
 *
 * <p>Pre-flight on write (decision D11): a model that passes validation is saved and
 * pushed even when the pre-flight predicts failures; the detail page the save redirects
 * to then leads with them. Validation already blocks everything that is wrong inside
 * Gatewise; what pre-flight adds is mostly about the far side (an external peer's
 * proposals or identity), and refusing the save would leave the operator unable to
 * apply one half of a fix before the other.
 */
@Controller
class TopologyPageController {
    private final TopologyService topology;
    private final TopologyViewService views;
    private final GatewayService gatewayService;

    TopologyPageController(TopologyService topology, TopologyViewService views, GatewayService gatewayService) {
        this.topology = topology;
        this.views = views;
        this.gatewayService = gatewayService;
    }

    /** Beyond these a picture is a hairball and a page megabytes: the page lists, the API still has it all. */
    static final int MAX_DRAWN_NODES = 120;
    static final int MAX_DRAWN_EDGES = 1_500;
    static final int MAX_LISTED = 500;
    /** Compiler notes shown on the page; the pre-flight API has them all. */
    static final int MAX_NOTES = 20;

    /** Revealing a link's key is for admins only, on the page and over the API. */
    @Bean
    static AccessRule revealPskPage() {
        return AccessRule.of(HttpMethod.POST, "/topologies/{name}/reveal-psk", Role.ADMIN);
    }

    @Bean
    static AccessRule revealPskApi() {
        return AccessRule.of(HttpMethod.POST, "/api/v1/topologies/{name}/reveal-psk", Role.ADMIN);
    }

    /** A list row. */
    record Row(TopologySpec spec, String kindLabel, long tunnels, long failing) {
    }

    /** A gateway as the wizard offers it. */
    record Choice(String name, UUID id, List<String> subnets, List<String> tags) {
    }

    @GetMapping("/topologies")
    String list(Model model) {
        Map<String, long[]> counts = views.tunnelAndFailureCounts();
        List<Row> rows = new ArrayList<>();
        for (TopologySpec t : views.specs().topologies()) {
            long[] c = counts.getOrDefault(t.name(), new long[2]);
            rows.add(new Row(t, kindLabel(t), c[0], c[1]));
        }
        rows.sort((a, b) -> a.spec().name().compareTo(b.spec().name()));
        model.addAttribute("rows", rows);
        return "topologies/list";
    }

    @GetMapping("/topologies/new")
    String newTopology(Model model) {
        return wizard(model, new TopologyForm(), null, null);
    }

    @PostMapping("/topologies")
    String create(@ModelAttribute("form") TopologyForm form, Principal principal, Model model,
                  RedirectAttributes redirect) {
        return save(null, form, principal, model, redirect);
    }

    @GetMapping("/topologies/{name}")
    String detail(@PathVariable String name, Model model) {
        TopologyViewService.Overview overview = views.overview(name);
        model.addAttribute("o", overview);
        // a 1,000-gateway mesh has 499,500 tunnels: list the failing ones and the first others, draw small ones
        List<TopologyViewService.TunnelCheck> shown = new ArrayList<>(overview.tunnels().stream()
                .filter(t -> !t.ok()).limit(MAX_LISTED).toList());
        overview.tunnels().stream().filter(TopologyViewService.TunnelCheck::ok).limit(MAX_LISTED - shown.size())
                .forEach(shown::add);
        model.addAttribute("shownTunnels", shown);
        model.addAttribute("hiddenTunnels", overview.tunnels().size() - shown.size());
        List<String> notes = overview.notes();
        model.addAttribute("notes", notes.subList(0, Math.min(MAX_NOTES, notes.size())));
        model.addAttribute("moreNotes", Math.max(0, notes.size() - MAX_NOTES));
        model.addAttribute("drawPicture", overview.picture().nodes().size() <= MAX_DRAWN_NODES
                && overview.picture().edges().size() <= MAX_DRAWN_EDGES);
        model.addAttribute("kindLabel", kindLabel(overview.spec()));
        model.addAttribute("legend", TopologyPicture.LEGEND);
        model.addAttribute("ikeWeak", PolicyInput.weakness(views.ikePolicy(overview.spec().ikePolicy())));
        model.addAttribute("ipsecWeak", PolicyInput.weakness(views.ipsecPolicy(overview.spec().ipsecPolicy())));
        return "topologies/detail";
    }

    @GetMapping("/topologies/{name}/edit")
    String edit(@PathVariable String name, Model model) {
        return wizard(model, TopologyForm.of(views.topology(name)), name, null);
    }

    @PostMapping("/topologies/{name}")
    String update(@PathVariable String name, @ModelAttribute("form") TopologyForm form, Principal principal,
                  Model model, RedirectAttributes redirect) {
        views.topology(name);
        form.setName(name);
        return save(name, form, principal, model, redirect);
    }

    @PostMapping("/topologies/{name}/delete")
    String delete(@PathVariable String name, Principal principal, RedirectAttributes redirect) {
        views.topology(name);
        TopologyChange change = topology.deleteTopology(name, principal.getName());
        redirect.addFlashAttribute("notice", "Topology " + name + " deleted" + PolicyPageController.pushed(change));
        return "redirect:/topologies";
    }

    /** Shows one link's key on this response only (never stored in the session or a redirect). */
    @PostMapping("/topologies/{name}/reveal-psk")
    String revealPsk(@PathVariable String name, @RequestParam(defaultValue = "") String link, Principal principal,
                     Model model) {
        Secret psk = views.revealPsk(name, link, principal.getName());
        model.addAttribute("revealedLink", link);
        model.addAttribute("revealedPsk", psk.reveal());
        return detail(name, model);
    }

    private String save(String existing, TopologyForm form, Principal principal, Model model,
                        RedirectAttributes redirect) {
        try {
            TopologyModel specs = views.specs();
            TopologySpec spec = spec(form, specs);
            if (existing == null && specs.topologies().stream().anyMatch(t -> t.name().equals(spec.name()))) {
                throw new InvalidInputException(Map.of("name", "A topology called '" + spec.name()
                        + "' exists already."));
            }
            TopologyChange change = topology.saveTopology(spec, principal.getName());
            redirect.addFlashAttribute("notice", "Topology " + spec.name() + " saved"
                    + PolicyPageController.pushed(change));
            redirect.addFlashAttribute("justSaved", true);
            return "redirect:/topologies/" + spec.name();
        } catch (InvalidInputException e) {
            return wizard(model, form, existing, e.fieldErrors());
        } catch (TopologyValidationException e) {
            return wizard(model, form, existing, e.fieldErrors());
        }
    }

    /** The form's spec; override lines that do not parse are reported with the other fields' problems. */
    private static TopologySpec spec(TopologyForm form, TopologyModel specs) {
        Map<String, String> syntax = new java.util.LinkedHashMap<>();
        TopologyInput.Json input = form.toInput(syntax);
        TopologySpec spec;
        try {
            spec = TopologyInput.spec(input, specs);
        } catch (InvalidInputException e) {
            Map<String, String> all = new java.util.LinkedHashMap<>(e.fieldErrors());
            syntax.forEach((field, message) -> all.merge(field, message, (a, b) -> b + " " + a));
            throw new InvalidInputException(all);
        }
        if (!syntax.isEmpty()) {
            throw new InvalidInputException(syntax);
        }
        return spec;
    }

    private String wizard(Model model, TopologyForm form, String editing, Map<String, String> errors) {
        TopologyModel specs = views.specs();
        Map<String, UUID> ids = new java.util.HashMap<>();
        for (Gateway g : gatewayService.list()) {
            ids.put(g.getName(), g.getId());
        }
        List<Choice> choices = new ArrayList<>();
        for (GatewaySpec g : specs.gateways()) {
            choices.add(new Choice(g.name(), ids.get(g.name()), g.subnets(), new ArrayList<>(g.tags())));
        }
        choices.sort((a, b) -> a.name().compareTo(b.name()));
        model.addAttribute("form", form);
        model.addAttribute("editing", editing);
        model.addAttribute("errors", errors);
        model.addAttribute("gateways", choices);
        model.addAttribute("tags", views.tags());
        model.addAttribute("externalPeers", specs.externalPeers().stream().map(x -> x.name()).sorted().toList());
        model.addAttribute("overrideSyntax", TopologyForm.OVERRIDE_SYNTAX);
        model.addAttribute("ikePolicies", specs.ikePolicies().stream().map(p -> new PolicyChoice(p.name(),
                PolicyInput.weakness(p))).toList());
        model.addAttribute("ipsecPolicies", specs.ipsecPolicies().stream().map(p -> new PolicyChoice(p.name(),
                PolicyInput.weakness(p))).toList());
        return "topologies/form";
    }

    /** A policy as the wizard's select offers it, flagged when weak. */
    record PolicyChoice(String name, List<String> weak) {
        public String label() {
            return weak.isEmpty() ? name : name + " (weak: " + String.join(", ", weak) + ")";
        }
    }

    static String kindLabel(TopologySpec t) {
        return switch (t.kind()) {
            case FULL_MESH -> "full mesh";
            case HUB_AND_SPOKE -> "hub-and-spoke (" + switch (t.spokeToSpoke()) {
                case VIA_HUB -> "spokes talk via the hub";
                case DIRECT -> "spokes also meshed";
                case NONE -> "no spoke-to-spoke";
            } + ")";
            case EXPLICIT -> "explicit links";
        };
    }
}
