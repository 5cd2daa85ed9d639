package io.gatewise.server.user;

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

/** The users page (ADMIN only): list, create with role and initial password, change role, disable. */
@Controller
class UserPageController {
    private final UserService users;

    UserPageController(UserService users) {
        this.users = users;
    }

    @GetMapping("/users")
    String list(Model model) {
        model.addAttribute("users", users.list());
        model.addAttribute("roles", Role.values());
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return "users/list";
    }

    @PostMapping("/users")
    String create(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String role,
                  @RequestParam(defaultValue = "") String password,
                  @RequestParam(defaultValue = "") String confirmPassword, Model model, RedirectAttributes redirect) {
        try {
            UserView created = users.createUser(username, role, Secret.of(password), Secret.of(confirmPassword));
            redirect.addFlashAttribute("notice", "User " + created.username() + " created as " + created.role() + ".");
            return "redirect:/users";
        } catch (InvalidUserException e) {
            model.addAttribute("errors", e.fieldErrors());
            model.addAttribute("username", username);
            model.addAttribute("selectedRole", role);
            return list(model);
        }
    }

    @PostMapping("/users/{id}/role")
    String changeRole(@PathVariable long id, @RequestParam(defaultValue = "") String role, RedirectAttributes redirect) {
        try {
            UserView after = users.changeRole(id, role);
            redirect.addFlashAttribute("notice", after.username() + " is now " + after.role() + ".");
        } catch (LastAdminException | InvalidUserException e) {
            redirect.addFlashAttribute("error", e instanceof InvalidUserException i
                    ? i.fieldErrors().values().iterator().next() : e.getMessage());
        }
        return "redirect:/users";
    }

    @PostMapping("/users/{id}/enabled")
    String setEnabled(@PathVariable long id, @RequestParam boolean enabled, RedirectAttributes redirect) {
        try {
            UserView after = users.setEnabled(id, enabled);
            redirect.addFlashAttribute("notice", after.username() + (after.enabled() ? " can log in again."
                    : " is disabled: no new logins, API tokens refused."));
        } catch (LastAdminException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/users";
    }
}
