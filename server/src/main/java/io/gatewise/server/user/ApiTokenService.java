package io.gatewise.server.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gatewise.server.changelog.ChangeLog;
import io.gatewise.server.system.Access;
import io.gatewise.server.system.Role;
import io.gatewise.server.system.Secret;
import io.gatewise.server.system.api.ApiCaller;
import io.gatewise.server.system.api.ApiTokenAuthenticator;

/**
 * Personal API tokens: {@code gw_} followed by 43 base64url characters (256 random bits).
 * Stored as SHA-256 only (a fast hash is enough for 256-bit random values, unlike
 * passwords). A token acts with its own role, which must be covered by its owner's role
 * when created and on every use, so demoting or disabling a user disarms their tokens.
 */
@Service
public class ApiTokenService implements ApiTokenAuthenticator {
    public static final String PREFIX = "gw_";
    private static final String OBJECT_TYPE = "api-token";
    /** last_used_at is written at most this often per token, not on every request. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private final ApiTokenRepository tokens;
    private final UserAccountRepository users;
    private final ChangeLog changeLog;
    private final SecureRandom random;
    private final Clock clock;

    ApiTokenService(ApiTokenRepository tokens, UserAccountRepository users, ChangeLog changeLog, SecureRandom random,
                    Clock clock) {
        this.tokens = tokens;
        this.users = users;
        this.changeLog = changeLog;
        this.random = random;
        this.clock = clock;
    }

    /**
     * @param expiresAt null for a token that does not expire
     * @throws InvalidUserException with messages for name, role, expiresAt
     */
    @PreAuthorize(Access.READ + " and #owner == authentication.name")
    @Transactional
    public IssuedApiToken create(String owner, String name, String role, Instant expiresAt) {
        UserAccount account = users.findByUsername(owner).orElseThrow(() -> new UserNotFoundException("user " + owner));
        String cleanName = name == null ? "" : name.trim();
        Map<String, String> errors = new LinkedHashMap<>();
        if (cleanName.isEmpty() || cleanName.length() > 64) {
            errors.put("name", "Give the token a name of 1-64 characters, e.g. 'ci-pipeline'.");
        } else if (tokens.existsByUserIdAndName(account.getId(), cleanName)) {
            errors.put("name", "You have a token called '" + cleanName + "' already.");
        }
        Optional<Role> tokenRole = Role.parse(role);
        if (tokenRole.isEmpty()) {
            errors.put("role", "Pick ADMIN, OPERATOR or AUDITOR.");
        } else if (!account.role().covers(tokenRole.get())) {
            errors.put("role", "A token's role cannot exceed yours (" + account.getRole() + ").");
        }
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            errors.put("expiresAt", "The expiry must be in the future (or empty for none).");
        }
        if (!errors.isEmpty()) {
            throw new InvalidUserException(errors);
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String value = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        ApiToken token = tokens.save(new ApiToken(account.getId(), cleanName, sha256(value),
                value.substring(0, 10), tokenRole.orElseThrow(), now, expiresAt));
        ApiTokenView view = ApiTokenView.of(token, owner);
        changeLog.record(owner, "create", OBJECT_TYPE, token.getId(), null, view);
        return new IssuedApiToken(view, Secret.of(value));
    }

    @PreAuthorize(Access.READ + " and #owner == authentication.name")
    @Transactional(readOnly = true)
    public List<ApiTokenView> listOwn(String owner) {
        UserAccount account = users.findByUsername(owner).orElseThrow(() -> new UserNotFoundException("user " + owner));
        return tokens.findByUserIdOrderByCreatedAtDesc(account.getId()).stream()
                .map(t -> ApiTokenView.of(t, owner)).toList();
    }

    /** Revokes one of the owner's tokens; revoking twice changes nothing. */
    @PreAuthorize(Access.READ + " and #owner == authentication.name")
    @Transactional
    public ApiTokenView revoke(String owner, long tokenId) {
        UserAccount account = users.findByUsername(owner).orElseThrow(() -> new UserNotFoundException("user " + owner));
        ApiToken token = tokens.findById(tokenId).filter(t -> t.getUserId().equals(account.getId()))
                .orElseThrow(() -> new UserNotFoundException("API token " + tokenId));
        ApiTokenView before = ApiTokenView.of(token, owner);
        if (token.getRevokedAt() == null) {
            token.revoke(clock.instant());
            changeLog.record(owner, "revoke", OBJECT_TYPE, tokenId, before, ApiTokenView.of(token, owner));
        }
        return ApiTokenView.of(token, owner);
    }

    @Override
    @Transactional
    public Optional<ApiCaller> authenticate(String presentedToken) {
        if (presentedToken == null || !presentedToken.startsWith(PREFIX) || presentedToken.length() > 200) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<ApiToken> found = tokens.findByTokenHash(sha256(presentedToken)).filter(t -> t.usableAt(now));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ApiToken token = found.get();
        Optional<UserAccount> owner = users.findById(token.getUserId())
                .filter(UserAccount::isEnabled)
                .filter(u -> u.role().covers(token.role()));
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        if (token.getLastUsedAt() == null || token.getLastUsedAt().plus(LAST_USED_RESOLUTION).isBefore(now)) {
            token.used(now);
        }
        return Optional.of(new ApiCaller(owner.get().getUsername(), token.role(), token.getId()));
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JRE", e);
        }
    }
}
