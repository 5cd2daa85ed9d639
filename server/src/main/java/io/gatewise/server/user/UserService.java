package io.gatewise.server.user;

import java.time.Clock;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gatewise.server.system.Secret;

/** Operators: login lookup, the first admin, password changes. */
@Service
public class UserService implements UserDetailsService {
    /** Shorter passwords are refused when an operator sets one. */
    public static final int MIN_PASSWORD_LENGTH = 12;

    private final UserAccountRepository users;
    private final PasswordEncoder passwordEncoder;
    private final Clock clock;

    UserService(UserAccountRepository users, PasswordEncoder passwordEncoder, Clock clock) {
        this.users = users;
        this.passwordEncoder = passwordEncoder;
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

    @Transactional
    public UserAccount create(String username, Secret password, String role) {
        return users.save(new UserAccount(username, passwordEncoder.encode(password.reveal()), role, clock.instant()));
    }

    /**
     * @return false when the current password does not match
     * @throws IllegalArgumentException when the new password is too short
     */
    @Transactional
    public boolean changePassword(String username, Secret currentPassword, Secret newPassword) {
        if (newPassword.reveal().length() < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("The new password needs at least " + MIN_PASSWORD_LENGTH + " characters.");
        }
        UserAccount account = users.findByUsername(username).orElseThrow();
        if (!passwordEncoder.matches(currentPassword.reveal(), account.getPasswordHash())) {
            return false;
        }
        account.changePasswordHash(passwordEncoder.encode(newPassword.reveal()));
        return true;
    }
}
