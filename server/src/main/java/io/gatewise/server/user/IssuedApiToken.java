package io.gatewise.server.user;

import io.gatewise.server.system.Secret;

/** A token just created: the only moment its value exists outside the caller's hands. */
public record IssuedApiToken(ApiTokenView token, Secret value) {
}
