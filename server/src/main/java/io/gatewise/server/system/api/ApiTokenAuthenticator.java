package io.gatewise.server.system.api;

import java.util.Optional;

/**
 * Checks a personal API token presented as {@code Authorization: Bearer gw_…}. Implemented
 * by the user feature (which owns the tokens); the security configuration only knows this
 * port, so {@code system} depends on no feature.
 */
public interface ApiTokenAuthenticator {
    /** Empty when the token is unknown, expired, revoked, or its owner is disabled or lost the role. */
    Optional<ApiCaller> authenticate(String presentedToken);
}
