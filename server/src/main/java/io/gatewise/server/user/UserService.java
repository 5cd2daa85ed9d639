package io.gatewise.server.user;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gatewise.server.changelog.ChangeLog;
import io.gatewise.server.system.Access;
import io.gatewise.server.system.Role;
import io.gatewise.server.system.Secret;

/**
 * Users: login lookup, the first admin, and the admin's user management (create with a
 * role, change role, disable, enable). Every change is written to the {@link ChangeLog}
 * in the same transaction. There is always at least one enabled ADMIN.
 */
@Service
public class UserService implements UserDetailsService {
    /** Shorter passwords are refused when anyone sets one. */
    public static final int MIN_PASSWORD_LENGTH = 12;
    /** Longer ones too: BCrypt reads only the first 72 bytes. */
    public static final int MAX_PASSWORD_LENGTH = 72;
    private static final String OBJECT_TYPE = "user";

    private final UserAccountRepository users;
    private final PasswordEncoder passwordEncoder;
    private final ChangeLog changeLog;
    private final Clock clock;

    UserService(UserAccountRepository users, PasswordEncoder passwordEncoder, ChangeLog changeLog, Clock clock) {
        this.users = users;
        this.passwordEncoder = passwordEncoder;
        this.changeLog = changeLog;
        this.clock = clock;
    }

    @Override
    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String username) {
        UserAccount account = users.findByUsername(username)
                .orElseThrow(() -> new UsernameNotFoundException("no such user"));
        return User.withUsername(account.getUsername())
                .password(account.getPasswordHash())
                .roles(account.getRole())
                .disabled(!account.isEnabled())
                .build();
    }

    @Transactional(readOnly = true)
    public boolean anyUserExists() {
        return users.count() > 0;
    }

    /** The first admin at startup, and tests: no logged-in user, so no role check. */
    @Transactional
    UserAccount create(String username, Secret password, String role) {
        UserAccount account = users.save(new UserAccount(username, passwordEncoder.encode(password.reveal()),
                Role.valueOf(role).name(), clock.instant()));
        changeLog.record("create", OBJECT_TYPE, account.getId(), null, UserView.of(account));
        return account;
    }

    @PreAuthorize(Access.ADMIN)
    @Transactional(readOnly = true)
    public List<UserView> list() {
        return users.findAllByOrderByUsernameAsc().stream().map(UserView::of).toList();
    }

    /**
     * A new user, enabled.
     *
     * @throws InvalidUserException with a message per field (username, role, password, confirmPassword)
     */
    @PreAuthorize(Access.ADMIN)
    @Transactional
    public UserView createUser(String username, String role, Secret password, Secret confirmPassword) {
        String name = username == null ? "" : username.trim();
        Map<String, String> errors = new LinkedHashMap<>();
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._@-]{1,63}")) {
            errors.put("username", "Use 2-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit.");
        } else if (users.existsByUsernameIgnoreCase(name)) {
            errors.put("username", "A user called '" + name + "' exists already.");
        }
        Optional<Role> parsed = Role.parse(role);
        if (parsed.isEmpty()) {
            errors.put("role", "Pick ADMIN, OPERATOR or AUDITOR.");
        }
        passwordProblem(password).ifPresent(p -> errors.put("password", p));
        if (!errors.containsKey("password") && !password.equals(confirmPassword)) {
            errors.put("confirmPassword", "The two passwords differ.");
        }
        if (!errors.isEmpty()) {
            throw new InvalidUserException(errors);
        }
        UserAccount account = users.save(new UserAccount(name, passwordEncoder.encode(password.reveal()),
                parsed.orElseThrow().name(), clock.instant()));
        UserView view = UserView.of(account);
        changeLog.record("create", OBJECT_TYPE, account.getId(), null, view);
        return view;
    }

    /** @throws LastAdminException when this would demote the last enabled ADMIN */
    @PreAuthorize(Access.ADMIN)
    @Transactional
    public UserView changeRole(long id, String role) {
        Role newRole = Role.parse(role).orElseThrow(() -> new InvalidUserException(Map.of("role",
                "Pick ADMIN, OPERATOR or AUDITOR.")));
        UserAccount account = users.findById(id).orElseThrow(() -> new UserNotFoundException("user " + id));
        UserView before = UserView.of(account);
        if (account.role() == newRole) {
            return before;
        }
        if (account.role() == Role.ADMIN) {
            requireAnotherAdmin(account);
        }
        account.changeRole(newRole);
        UserView after = UserView.of(account);
        changeLog.record("change-role", OBJECT_TYPE, id, before, after);
        return after;
    }

    /** @throws LastAdminException when this would disable the last enabled ADMIN */
    @PreAuthorize(Access.ADMIN)
    @Transactional
    public UserView setEnabled(long id, boolean enabled) {
        UserAccount account = users.findById(id).orElseThrow(() -> new UserNotFoundException("user " + id));
        UserView before = UserView.of(account);
        if (account.isEnabled() == enabled) {
            return before;
        }
        if (!enabled && account.role() == Role.ADMIN) {
            requireAnotherAdmin(account);
        }
        account.changeEnabled(enabled);
        UserView after = UserView.of(account);
        changeLog.record(enabled ? "enable" : "disable", OBJECT_TYPE, id, before, after);
        return after;
    }

    private void requireAnotherAdmin(UserAccount account) {
        if (!account.isEnabled()) {
            return; // a disabled admin is not one of the admins that keep the system managed
        }
        if (users.lockEnabledAdmins().stream().noneMatch(a -> !a.getId().equals(account.getId()))) {
            throw new LastAdminException(account.getUsername());
        }
    }

    /**
     * @return false when the current password does not match
     * @throws IllegalArgumentException when the new password is too short or too long
     *
     * <p>No role check: it needs the current password, and the UI passes the logged-in user.
     */
    @Transactional
    public boolean changePassword(String username, Secret currentPassword, Secret newPassword) {
        passwordProblem(newPassword).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        UserAccount account = users.findByUsername(username).orElseThrow();
        if (!passwordEncoder.matches(currentPassword.reveal(), account.getPasswordHash())) {
            return false;
        }
        account.changePasswordHash(passwordEncoder.encode(newPassword.reveal()));
        // No snapshot holds the password; the record says only that it changed.
        changeLog.record(username, "change-password", OBJECT_TYPE, account.getId(), null, null);
        return true;
    }

    @Transactional(readOnly = true)
    public Optional<UserAccount> find(String username) {
        return users.findByUsername(username);
    }

    static Optional<String> passwordProblem(Secret password) {
        String p = password == null ? "" : password.reveal();
        if (p.length() < MIN_PASSWORD_LENGTH) {
            return Optional.of("The password needs at least " + MIN_PASSWORD_LENGTH + " characters.");
        }
        if (p.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PASSWORD_LENGTH) {
            return Optional.of("The password may have at most " + MAX_PASSWORD_LENGTH + " bytes.");
        }
        if (p.isBlank()) {
            return Optional.of("The password cannot be only spaces.");
        }
        return Optional.empty();
    }
}
