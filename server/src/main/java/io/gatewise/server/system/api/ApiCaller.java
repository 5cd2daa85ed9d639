package io.gatewise.server.system.api;

import io.gatewise.server.system.Role;

/**
 * Who an API token speaks for.
 *
 * @param username the token's owner; recorded as actor in the change log
 * @param role     the token's role (never more than the owner's current role)
 * @param tokenId  the token, for logs
 */
public record ApiCaller(String username, Role role, long tokenId) {
}
