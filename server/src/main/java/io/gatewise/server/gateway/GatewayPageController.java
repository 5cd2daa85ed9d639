package io.gatewise.server.gateway;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gatewise.server.config.ConfigNotFoundException;
import io.gatewise.server.config.ConfigVersionView;
import io.gatewise.server.config.DesiredConfig;
import io.gatewise.server.config.DesiredConfigService;
import io.gatewise.server.config.InvalidTunnelException;
import io.gatewise.server.config.TunnelSpec;
import io.gatewise.server.enrollment.EnrollmentService;
import io.gatewise.server.enrollment.IssuedToken;
import io.gatewise.server.pki.CertificateAuthority;
import io.gatewise.server.system.InetSyntax;
import io.gatewise.server.system.UiFormats;

/** The gateway pages: list, create, detail with tunnels and delivery history, enrollment token. */
@Controller
class GatewayPageController {
    private final GatewayService gateways;
    private final DesiredConfigService configs;
    private final EnrollmentService enrollment;
    private final CertificateAuthority ca;
    private final AgentPresence presence;
    private final UiFormats fmt;
    private final Environment env;

    GatewayPageController(GatewayService gateways, DesiredConfigService configs, EnrollmentService enrollment,
                          CertificateAuthority ca, AgentPresence presence, UiFormats fmt, Environment env) {
        this.gateways = gateways;
        this.configs = configs;
        this.enrollment = enrollment;
        this.ca = ca;
        this.presence = presence;
        this.fmt = fmt;
        this.env = env;
    }

    /** The shown-once token, handed from the POST to the page via a flash attribute. */
    record TokenView(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "TokenView[redacted]";
        }
    }

    @GetMapping("/")
    String home() {
        return "redirect:/gateways";
    }

    @GetMapping("/gateways")
    String list(Model model) {
        Map<UUID, Long> desired = configs.currentVersions();
        List<GatewayRow> rows = gateways.list().stream()
                .map(g -> GatewayRow.of(g, presence, desired.getOrDefault(g.getId(), 1L))).toList();
        model.addAttribute("rows", rows);
        return "gateways/list";
    }

    @GetMapping("/gateways/new")
    String newGateway(Model model) {
        model.addAttribute("form", new GatewayForm());
        return "gateways/new";
    }

    @PostMapping("/gateways")
    String create(@ModelAttribute("form") GatewayForm form, Principal principal, Model model,
                  RedirectAttributes redirect) {
        try {
            CreatedGateway created = gateways.create(form.getName(), form.getPublicAddress(), principal.getName());
            redirect.addFlashAttribute("issuedToken", tokenView(created.token()));
            return "redirect:/gateways/" + created.gateway().getId() + "/enroll";
        } catch (InvalidGatewayException e) {
            model.addAttribute("errors", e.fieldErrors());
            return "gateways/new";
        }
    }

    @GetMapping("/gateways/{id}")
    String detail(@PathVariable UUID id, Model model) {
        Gateway gateway = gateways.get(id);
        DesiredConfig config = configs.current(id);
        ConfigVersionView current = configs.currentStatus(id);
        GatewayRow row = GatewayRow.of(gateway, presence, config.version());
        model.addAttribute("gateway", gateway);
        model.addAttribute("row", row);
        model.addAttribute("tunnels", config.tunnels());
        model.addAttribute("configStatus", ConfigStatus.of(current, gateway.getAppliedConfigVersion(), row.online(), fmt));
        model.addAttribute("history", configs.history(id, 10));
        model.addAttribute("enrollment", enrollment.status(id));
        model.addAttribute("certificates", ca.certificatesOf(id));
        return "gateways/detail";
    }

    @GetMapping("/gateways/{id}/enroll")
    String enrollPage(@PathVariable UUID id, Model model, HttpServletRequest request) {
        model.addAttribute("gateway", gateways.get(id));
        model.addAttribute("serverAddress", serverAddress(request));
        model.addAttribute("caFingerprint", ca.caFingerprint());
        model.addAttribute("serverFingerprint", env.getProperty("local.grpc.server-certificate-sha256", "unknown"));
        model.addAttribute("enrollment", enrollment.status(id));
        return "gateways/enroll";
    }

    @PostMapping("/gateways/{id}/token")
    String newToken(@PathVariable UUID id, Principal principal, RedirectAttributes redirect) {
        redirect.addFlashAttribute("issuedToken", tokenView(gateways.newEnrollmentToken(id, principal.getName())));
        return "redirect:/gateways/" + id + "/enroll";
    }

    @PostMapping("/gateways/{id}/delete")
    String delete(@PathVariable UUID id, Principal principal, RedirectAttributes redirect) {
        String name = gateways.get(id).getName();
        gateways.delete(id, principal.getName());
        redirect.addFlashAttribute("notice", "Gateway " + name + " deleted; its agent certificate is revoked.");
        return "redirect:/gateways";
    }

    @GetMapping("/gateways/{id}/tunnels/new")
    String newTunnel(@PathVariable UUID id, Model model) {
        model.addAttribute("gateway", gateways.get(id));
        model.addAttribute("form", new TunnelForm());
        model.addAttribute("editing", null);
        return "gateways/tunnel";
    }

    @GetMapping("/gateways/{id}/tunnels/{name}/edit")
    String editTunnel(@PathVariable UUID id, @PathVariable String name, Model model) {
        TunnelSpec spec = configs.current(id).tunnels().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new GatewayNotFoundException(id));
        model.addAttribute("gateway", gateways.get(id));
        model.addAttribute("form", TunnelForm.of(spec));
        model.addAttribute("editing", name);
        return "gateways/tunnel";
    }

    @PostMapping("/gateways/{id}/tunnels")
    String addTunnel(@PathVariable UUID id, @ModelAttribute("form") TunnelForm form, Principal principal, Model model,
                     RedirectAttributes redirect) {
        return saveTunnel(id, null, form, principal, model, redirect);
    }

    @PostMapping("/gateways/{id}/tunnels/{name}")
    String updateTunnel(@PathVariable UUID id, @PathVariable String name, @ModelAttribute("form") TunnelForm form,
                        Principal principal, Model model, RedirectAttributes redirect) {
        return saveTunnel(id, name, form, principal, model, redirect);
    }

    private String saveTunnel(UUID id, String existing, TunnelForm form, Principal principal, Model model,
                              RedirectAttributes redirect) {
        Gateway gateway = gateways.get(id);
        try {
            long before = configs.currentVersion(id);
            long version = configs.putTunnel(id, existing, form.toInput(), principal.getName());
            redirect.addFlashAttribute("notice", version == before ? "Nothing changed."
                    : "Tunnel " + form.getName().trim() + " saved as config v" + version + ".");
            return "redirect:/gateways/" + id;
        } catch (InvalidTunnelException e) {
            model.addAttribute("gateway", gateway);
            model.addAttribute("errors", e.fieldErrors());
            model.addAttribute("editing", existing);
            form.setPsk("");
            return "gateways/tunnel";
        } catch (ConfigNotFoundException e) {
            throw new GatewayNotFoundException(id);
        }
    }

    @PostMapping("/gateways/{id}/tunnels/{name}/delete")
    String deleteTunnel(@PathVariable UUID id, @PathVariable String name, Principal principal,
                        RedirectAttributes redirect) {
        try {
            long version = configs.deleteTunnel(id, name, principal.getName());
            redirect.addFlashAttribute("notice", "Tunnel " + name + " removed in config v" + version + ".");
        } catch (ConfigNotFoundException e) {
            redirect.addFlashAttribute("notice", "Tunnel " + name + " was already gone.");
        }
        return "redirect:/gateways/" + id;
    }

    private static TokenView tokenView(IssuedToken token) {
        return new TokenView(token.token().reveal(), token.expiresAt());
    }

    /** host:port agents should dial: configured, or the host the admin's browser used. */
    private String serverAddress(HttpServletRequest request) {
        String configured = env.getProperty("gatewise.grpc.public-address");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String host = request.getServerName();
        if (host.contains(":") && InetSyntax.isIpLiteral(host)) {
            host = "[" + host + "]";
        }
        String port = env.getProperty("local.grpc.port", env.getProperty("gatewise.grpc.port", "9443"));
        return host + ":" + port;
    }
}
