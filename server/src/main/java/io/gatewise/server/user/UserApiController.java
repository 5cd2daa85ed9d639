package io.gatewise.server.user;

import java.security.Principal;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.gatewise.server.system.Secret;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Users over {@code /api/v1} (ADMIN tokens), and {@code /me} for any token. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Users", description = "User management (ADMIN)")
class UserApiController {
    private final UserService users;

    UserApiController(UserService users) {
        this.users = users;
    }

    record NewUser(@NotBlank String username, @NotBlank String role, @NotBlank String password) {
        @Override
        public String toString() {
            return "NewUser[" + username + ", " + role + ", password=(redacted)]";
        }
    }

    record RoleChange(@NotBlank String role) {
    }

    record EnabledChange(@NotNull Boolean enabled) {
    }

    record Me(String username, List<String> roles) {
    }

    @Operation(summary = "Who the token speaks for, and with which role")
    @GetMapping("/me")
    Me me(Principal principal, org.springframework.security.core.Authentication auth) {
        return new Me(principal.getName(), auth.getAuthorities().stream().map(a -> a.getAuthority()).toList());
    }

    @GetMapping("/users")
    List<UserView> list() {
        return users.list();
    }

    @Operation(summary = "Create a user (password at least 12 characters)")
    @PostMapping("/users")
    @ResponseStatus(HttpStatus.CREATED)
    UserView create(@Valid @RequestBody NewUser body) {
        return users.createUser(body.username(), body.role(), Secret.of(body.password()), Secret.of(body.password()));
    }

    @Operation(summary = "Change a user's role; 409 when it would demote the last ADMIN")
    @PutMapping("/users/{id}/role")
    UserView changeRole(@PathVariable long id, @Valid @RequestBody RoleChange body) {
        return users.changeRole(id, body.role());
    }

    @Operation(summary = "Disable or enable a user; 409 when it would disable the last ADMIN")
    @PutMapping("/users/{id}/enabled")
    UserView setEnabled(@PathVariable long id, @Valid @RequestBody EnabledChange body) {
        return users.setEnabled(id, body.enabled());
    }
}
