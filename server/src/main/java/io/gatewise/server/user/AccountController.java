package io.gatewise.server.user;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gatewise.server.system.Role;
import io.gatewise.server.system.Secret;

/** Login page and the user's own account: password change and personal API tokens. */
@Controller
class AccountController {
    private final UserService users;
    private final ApiTokenService tokens;
    private final Clock clock;

    AccountController(UserService users, ApiTokenService tokens, Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** The shown-once API token, handed from the POST to the page via a flash attribute. */
    record NewTokenView(String name, String value) {
        @Override
        public String toString() {
            return "NewTokenView[" + name + ", redacted]";
        }
    }

    @GetMapping("/login")
    String login() {
        return "login";
    }

    @GetMapping("/account")
    String account(Principal principal, Model model) {
        UserAccount me = users.find(principal.getName()).orElseThrow();
        model.addAttribute("username", principal.getName());
        model.addAttribute("myRole", me.role());
        model.addAttribute("tokenRoles", java.util.Arrays.stream(Role.values()).filter(me.role()::covers).toList());
        model.addAttribute("tokens", tokens.listOwn(principal.getName()));
        model.addAttribute("now", clock.instant());
        if (!model.containsAttribute("tokenErrors")) {
            model.addAttribute("tokenErrors", Map.of());
        }
        return "account";
    }

    @PostMapping("/account/password")
    String changePassword(Principal principal, @RequestParam String currentPassword, @RequestParam String newPassword,
                          @RequestParam String confirmPassword, Model model, RedirectAttributes redirect) {
        if (!newPassword.equals(confirmPassword)) {
            model.addAttribute("error", "The two new passwords differ.");
            return account(principal, model);
        }
        try {
            if (!users.changePassword(principal.getName(), Secret.of(currentPassword), Secret.of(newPassword))) {
                model.addAttribute("error", "The current password is wrong.");
                return account(principal, model);
            }
        } catch (IllegalArgumentException e) {
            model.addAttribute("error", e.getMessage());
            return account(principal, model);
        }
        redirect.addFlashAttribute("notice", "Password changed.");
        return "redirect:/gateways";
    }

    @PostMapping("/account/tokens")
    String createToken(Principal principal, @RequestParam(defaultValue = "") String name,
                       @RequestParam(defaultValue = "") String role, @RequestParam(defaultValue = "") String expires,
                       Model model, RedirectAttributes redirect) {
        Instant expiresAt = null;
        if (!expires.isBlank()) {
            try {
                // valid through the whole chosen day, in the server's zone
                expiresAt = LocalDate.parse(expires.trim()).plusDays(1).atStartOfDay(ZoneId.systemDefault()).toInstant();
            } catch (DateTimeParseException e) {
                model.addAttribute("tokenErrors", Map.of("expiresAt", "Enter a date like 2027-01-31."));
                return account(principal, model);
            }
        }
        try {
            IssuedApiToken issued = tokens.create(principal.getName(), name, role, expiresAt);
            redirect.addFlashAttribute("newToken", new NewTokenView(issued.token().name(), issued.value().reveal()));
            return "redirect:/account";
        } catch (InvalidUserException e) {
            model.addAttribute("tokenErrors", e.fieldErrors());
            model.addAttribute("tokenName", name);
            return account(principal, model);
        }
    }

    @PostMapping("/account/tokens/{id}/revoke")
    String revokeToken(Principal principal, @PathVariable long id, RedirectAttributes redirect) {
        ApiTokenView revoked = tokens.revoke(principal.getName(), id);
        redirect.addFlashAttribute("notice", "API token " + revoked.name() + " revoked.");
        return "redirect:/account";
    }
}
