package io.gatewise.server.action;

import java.security.Principal;
import java.time.Duration;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gatewise.server.gateway.GatewayNotFoundException;

/**
 * The action buttons of the tunnels page ({@code POST /tunnels/actions}, ADMIN and
 * OPERATOR, with the page's CSRF token). Waits briefly for the agent's answer so the
 * notice after the redirect can say what happened.
 */
@Controller
class TunnelActionPageController {
    static final Duration ANSWER_WAIT = Duration.ofSeconds(3);

    private final TunnelActionService actions;

    TunnelActionPageController(TunnelActionService actions) {
        this.actions = actions;
    }

    @PostMapping("/tunnels/actions")
    String act(@RequestParam UUID gatewayId, @RequestParam String tunnel, @RequestParam String kind,
               Principal principal, RedirectAttributes redirect) {
        TunnelActionKind k = TunnelActionKind.parse(kind).orElseThrow(() -> new InvalidActionKindException(kind));
        try {
            TunnelActionView sent = actions.request(gatewayId, tunnel, k, principal.getName());
            TunnelActionView now = actions.awaitFinished(sent.id(), ANSWER_WAIT);
            redirect.addFlashAttribute("notice", notice(now));
            redirect.addFlashAttribute("noticeOk", now.status() != TunnelActionStatus.FAILED);
        } catch (GatewayOfflineException | TunnelNotConfiguredException | GatewayNotFoundException e) {
            redirect.addFlashAttribute("notice", k.label() + " of " + tunnel + ": " + e.getMessage() + ".");
            redirect.addFlashAttribute("noticeOk", false);
        }
        return "redirect:/tunnels";
    }

    static String notice(TunnelActionView a) {
        String what = a.kindLabel() + " of " + a.tunnel() + " on " + a.gatewayName();
        return switch (a.status()) {
            case SENT -> what + " sent (action " + a.id() + "); the agent has not answered yet.";
            case OK -> what + ": " + a.detail() + ".";
            case FAILED -> what + " failed: " + a.detail() + ".";
        };
    }
}
