package io.gatewise.server.user;

import java.security.Principal;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gatewise.server.system.Secret;

/** Login page and the operator's own account (password change). */
@Controller
class AccountController {
    private final UserService users;

    AccountController(UserService users) {
        this.users = users;
    }

    @GetMapping("/login")
    String login() {
        return "login";
    }

    @GetMapping("/account")
    String account(Principal principal, Model model) {
        model.addAttribute("username", principal.getName());
        return "account";
    }

    @PostMapping("/account/password")
    String changePassword(Principal principal, @RequestParam String currentPassword, @RequestParam String newPassword,
                          @RequestParam String confirmPassword, Model model, RedirectAttributes redirect) {
        model.addAttribute("username", principal.getName());
        if (!newPassword.equals(confirmPassword)) {
            model.addAttribute("error", "The two new passwords differ.");
            return "account";
        }
        try {
            if (!users.changePassword(principal.getName(), Secret.of(currentPassword), Secret.of(newPassword))) {
                model.addAttribute("error", "The current password is wrong.");
                return "account";
            }
        } catch (IllegalArgumentException e) {
            model.addAttribute("error", e.getMessage());
            return "account";
        }
        redirect.addFlashAttribute("notice", "Password changed.");
        return "redirect:/gateways";
    }
}
