package io.gatewise.server.topology;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gatewise.server.topology.PolicyForms.IkeForm;
import io.gatewise.server.topology.PolicyForms.IpsecForm;
import io.gatewise.server.topology.PolicyForms.Preset;
import io.gatewise.server.topology.compiler.IkePolicy;
import io.gatewise.server.topology.compiler.IpsecPolicy;
import io.gatewise.server.topology.compiler.TopologyModel;

/**
 * The policy pages: both kinds listed with their weak flags, a preset quick start that
 * creates a Phase 1 and Phase 2 policy together, and one form per kind (create, edit,
 * and read-only detail for auditors). Input errors are shown next to their fields and
 * nothing is written until everything is valid (the service's transaction).
 */
@Controller
class PolicyPageController {
    private final TopologyService topology;
    private final TopologyViewService views;

    PolicyPageController(TopologyService topology, TopologyViewService views) {
        this.topology = topology;
        this.views = views;
    }

    /** A list row: the policy, what is weak in it, and who uses it. */
    record Row(String name, String kind, List<String> proposals, String summary, List<String> weak,
               List<String> usedBy) {
    }

    @GetMapping("/policies")
    String list(Model model) {
        TopologyModel specs = views.specs();
        model.addAttribute("ikeRows", specs.ikePolicies().stream().map(p -> new Row(p.name(), "ike", p.proposals(),
                p.mode() + " mode · " + p.auth() + " · " + p.lifetimeSeconds() + " s", PolicyInput.weakness(p),
                views.topologiesUsing(p.name(), true))).toList());
        model.addAttribute("ipsecRows", specs.ipsecPolicies().stream().map(p -> new Row(p.name(), "ipsec",
                p.proposals(), p.protocol() + " · " + p.encapsulation() + " · " + p.lifetimeSeconds() + " s",
                PolicyInput.weakness(p), views.topologiesUsing(p.name(), false))).toList());
        model.addAttribute("presets", Preset.values());
        return "policies/list";
    }

    @PostMapping("/policies/preset")
    String createPreset(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String preset,
                        @RequestParam(defaultValue = "false") boolean weakAcknowledged, Principal principal,
                        Model model, RedirectAttributes redirect) {
        Preset p = Preset.of(preset);
        try {
            if (p == null) {
                throw new InvalidInputException(Map.of("preset", "Choose Modern, Compatible or Legacy."));
            }
            IkePolicy ike = PolicyInput.ike(new PolicyInput.Ike(name, null, List.of(p.ike), null, null, null, null,
                    null, null, weakAcknowledged));
            IpsecPolicy ipsec = PolicyInput.ipsec(new PolicyInput.Ipsec(name, null, List.of(p.esp), null, null, null,
                    weakAcknowledged));
            topology.savePolicyPair(ike, ipsec, principal.getName());
            redirect.addFlashAttribute("notice", "Policies " + ike.name() + " (IKE " + p.ike + ") and " + ipsec.name()
                    + " (ESP " + p.esp + ") created.");
            return "redirect:/policies";
        } catch (InvalidInputException e) {
            model.addAttribute("presetErrors", e.fieldErrors());
        } catch (TopologyValidationException e) {
            model.addAttribute("presetErrors", Map.of("name", e.getMessage()));
        }
        model.addAttribute("presetName", name);
        model.addAttribute("presetChosen", preset);
        return list(model);
    }

    // --- IKE ---------------------------------------------------------------------------

    @GetMapping("/policies/ike/new")
    String newIke(@RequestParam(required = false) String preset, Model model) {
        Preset p = Preset.of(preset);
        return ikePage(model, p == null ? new IkeForm() : IkeForm.of(p), null, null);
    }

    @GetMapping("/policies/ike/{name}")
    String ike(@PathVariable String name, Model model) {
        IkePolicy p = views.ikePolicy(name);
        model.addAttribute("weak", PolicyInput.weakness(p));
        model.addAttribute("usedBy", views.topologiesUsing(name, true));
        return ikePage(model, IkeForm.of(p), name, null);
    }

    @PostMapping("/policies/ike")
    String createIke(@ModelAttribute("form") IkeForm form, Principal principal, Model model, RedirectAttributes redirect) {
        return saveIke(null, form, principal, model, redirect);
    }

    @PostMapping("/policies/ike/{name}")
    String updateIke(@PathVariable String name, @ModelAttribute("form") IkeForm form, Principal principal, Model model,
                     RedirectAttributes redirect) {
        views.ikePolicy(name); // 404 for an unknown one
        form.setName(name); // the name is the identity; renaming is delete + create
        return saveIke(name, form, principal, model, redirect);
    }

    @PostMapping("/policies/ike/{name}/delete")
    String deleteIke(@PathVariable String name, Principal principal, RedirectAttributes redirect) {
        views.ikePolicy(name);
        try {
            topology.deleteIkePolicy(name, principal.getName());
            redirect.addFlashAttribute("notice", "IKE policy " + name + " deleted.");
        } catch (TopologyObjectInUseException e) {
            redirect.addFlashAttribute("notice", e.getMessage());
        }
        return "redirect:/policies";
    }

    private String saveIke(String existing, IkeForm form, Principal principal, Model model,
                           RedirectAttributes redirect) {
        try {
            IkePolicy p = PolicyInput.ike(form.toInput());
            if (existing == null && views.specs().ikePolicies().stream().anyMatch(x -> x.name().equals(p.name()))) {
                throw new InvalidInputException(Map.of("name", "An IKE policy called '" + p.name() + "' exists already."));
            }
            TopologyChange change = topology.saveIkePolicy(p, principal.getName());
            redirect.addFlashAttribute("notice", "IKE policy " + p.name() + " saved" + pushed(change));
            return "redirect:/policies";
        } catch (InvalidInputException e) {
            return ikePage(model, form, existing, e.fieldErrors());
        } catch (TopologyValidationException e) {
            return ikePage(model, form, existing, Map.of("general", e.getMessage()));
        }
    }

    private String ikePage(Model model, IkeForm form, String editing, Map<String, String> errors) {
        model.addAttribute("form", form);
        model.addAttribute("editing", editing);
        model.addAttribute("errors", errors);
        model.addAttribute("choices", PolicyForms.IKE_CHOICES);
        model.addAttribute("presets", Preset.values());
        return "policies/ike";
    }

    // --- IPsec -------------------------------------------------------------------------

    @GetMapping("/policies/ipsec/new")
    String newIpsec(@RequestParam(required = false) String preset, Model model) {
        Preset p = Preset.of(preset);
        return ipsecPage(model, p == null ? new IpsecForm() : IpsecForm.of(p), null, null);
    }

    @GetMapping("/policies/ipsec/{name}")
    String ipsec(@PathVariable String name, Model model) {
        IpsecPolicy p = views.ipsecPolicy(name);
        model.addAttribute("weak", PolicyInput.weakness(p));
        model.addAttribute("usedBy", views.topologiesUsing(name, false));
        return ipsecPage(model, IpsecForm.of(p), name, null);
    }

    @PostMapping("/policies/ipsec")
    String createIpsec(@ModelAttribute("form") IpsecForm form, Principal principal, Model model,
                       RedirectAttributes redirect) {
        return saveIpsec(null, form, principal, model, redirect);
    }

    @PostMapping("/policies/ipsec/{name}")
    String updateIpsec(@PathVariable String name, @ModelAttribute("form") IpsecForm form, Principal principal,
                       Model model, RedirectAttributes redirect) {
        views.ipsecPolicy(name);
        form.setName(name);
        return saveIpsec(name, form, principal, model, redirect);
    }

    @PostMapping("/policies/ipsec/{name}/delete")
    String deleteIpsec(@PathVariable String name, Principal principal, RedirectAttributes redirect) {
        views.ipsecPolicy(name);
        try {
            topology.deleteIpsecPolicy(name, principal.getName());
            redirect.addFlashAttribute("notice", "IPsec policy " + name + " deleted.");
        } catch (TopologyObjectInUseException e) {
            redirect.addFlashAttribute("notice", e.getMessage());
        }
        return "redirect:/policies";
    }

    private String saveIpsec(String existing, IpsecForm form, Principal principal, Model model,
                             RedirectAttributes redirect) {
        try {
            IpsecPolicy p = PolicyInput.ipsec(form.toInput());
            if (existing == null && views.specs().ipsecPolicies().stream().anyMatch(x -> x.name().equals(p.name()))) {
                throw new InvalidInputException(Map.of("name", "An IPsec policy called '" + p.name()
                        + "' exists already."));
            }
            TopologyChange change = topology.saveIpsecPolicy(p, principal.getName());
            redirect.addFlashAttribute("notice", "IPsec policy " + p.name() + " saved" + pushed(change));
            return "redirect:/policies";
        } catch (InvalidInputException e) {
            return ipsecPage(model, form, existing, e.fieldErrors());
        } catch (TopologyValidationException e) {
            return ipsecPage(model, form, existing, Map.of("general", e.getMessage()));
        }
    }

    private String ipsecPage(Model model, IpsecForm form, String editing, Map<String, String> errors) {
        model.addAttribute("form", form);
        model.addAttribute("editing", editing);
        model.addAttribute("errors", errors);
        model.addAttribute("choices", PolicyForms.ESP_CHOICES);
        model.addAttribute("presets", Preset.values());
        return "policies/ipsec";
    }

    /** The end of a save notice: where new configs went, and the compiler's first note if it has any. */
    static String pushed(TopologyChange change) {
        String pushed = change.newVersions().isEmpty() ? "." : "; new configs pushed to "
                + String.join(", ", change.newVersions().keySet()) + ".";
        if (change.notes().isEmpty()) {
            return pushed;
        }
        int more = change.notes().size() - 1;
        return pushed + " Note: " + change.notes().get(0) + (more > 0 ? " (" + more + " more note"
                + (more > 1 ? "s" : "") + " on the topology pages.)" : "");
    }
}
