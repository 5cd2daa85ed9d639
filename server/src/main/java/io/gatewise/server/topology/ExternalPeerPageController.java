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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gatewise.server.topology.compiler.ExternalPeer;

/**
 * The external peer pages: the list with weak flags and the topologies linking each peer,
 * one form for create, edit and the auditors' read-only view, and delete (refused while a
 * topology links the peer). Input errors are shown next to their fields and nothing is
 * written until everything is valid, as on the policy pages.
 */
@Controller
class ExternalPeerPageController {
    private final TopologyService topology;
    private final TopologyViewService views;

    ExternalPeerPageController(TopologyService topology, TopologyViewService views) {
        this.topology = topology;
        this.views = views;
    }

    /** A list row: the peer, what is weak in it, and which topologies link it. */
    record Row(ExternalPeer peer, String identity, List<String> weak, List<String> usedBy) {
    }

    @GetMapping("/external-peers")
    String list(Model model) {
        model.addAttribute("rows", views.specs().externalPeers().stream()
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .map(p -> new Row(p, p.effectiveIdentity().toString(), ExternalPeerInput.weakness(p),
                        views.topologiesLinking(p.name()))).toList());
        return "external-peers/list";
    }

    @GetMapping("/external-peers/new")
    String newPeer(Model model) {
        return page(model, new ExternalPeerForm(), null, null);
    }

    @GetMapping("/external-peers/{name}")
    String peer(@PathVariable String name, Model model) {
        ExternalPeer p = views.externalPeer(name);
        model.addAttribute("weak", ExternalPeerInput.weakness(p));
        model.addAttribute("usedBy", views.topologiesLinking(name));
        return page(model, ExternalPeerForm.of(p), name, null);
    }

    @PostMapping("/external-peers")
    String create(@ModelAttribute("form") ExternalPeerForm form, Principal principal, Model model,
                  RedirectAttributes redirect) {
        return save(null, form, principal, model, redirect);
    }

    @PostMapping("/external-peers/{name}")
    String update(@PathVariable String name, @ModelAttribute("form") ExternalPeerForm form, Principal principal,
                  Model model, RedirectAttributes redirect) {
        views.externalPeer(name); // 404 for an unknown one
        form.setName(name); // the name is the identity; renaming is delete + create
        return save(name, form, principal, model, redirect);
    }

    @PostMapping("/external-peers/{name}/delete")
    String delete(@PathVariable String name, Principal principal, RedirectAttributes redirect) {
        views.externalPeer(name);
        try {
            TopologyChange change = topology.deleteExternalPeer(name, principal.getName());
            redirect.addFlashAttribute("notice", "External peer " + name + " deleted"
                    + PolicyPageController.pushed(change));
        } catch (TopologyObjectInUseException e) {
            redirect.addFlashAttribute("notice", e.getMessage());
        }
        return "redirect:/external-peers";
    }

    private String save(String existing, ExternalPeerForm form, Principal principal, Model model,
                        RedirectAttributes redirect) {
        try {
            ExternalPeer before = existing == null ? null : views.externalPeer(existing);
            ExternalPeer p = ExternalPeerInput.peer(form.toInput(before));
            if (existing == null && views.specs().externalPeers().stream().anyMatch(x -> x.name().equals(p.name()))) {
                throw new InvalidInputException(Map.of("name", "An external peer called '" + p.name()
                        + "' exists already."));
            }
            TopologyChange change = topology.saveExternalPeer(p, principal.getName());
            redirect.addFlashAttribute("notice", "External peer " + p.name() + " saved"
                    + PolicyPageController.pushed(change));
            return "redirect:/external-peers";
        } catch (InvalidInputException e) {
            return page(model, form, existing, e.fieldErrors());
        } catch (TopologyValidationException e) {
            return page(model, form, existing, ExternalPeerInput.fieldsOf(e));
        }
    }

    private String page(Model model, ExternalPeerForm form, String editing, Map<String, String> errors) {
        model.addAttribute("form", form);
        model.addAttribute("editing", editing);
        model.addAttribute("errors", errors);
        model.addAttribute("ikeChoices", PolicyForms.IKE_CHOICES);
        model.addAttribute("espChoices", PolicyForms.ESP_CHOICES);
        return "external-peers/form";
    }
}
