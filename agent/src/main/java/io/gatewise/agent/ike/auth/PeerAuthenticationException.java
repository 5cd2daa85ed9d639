package io.gatewise.agent.ike.auth;

import java.util.Objects;

/**
 * The peer failed certificate or signature authentication. {@link #failure()} says why in
 * plain words and which notify type to send; the message is the reason.
 */
public final class PeerAuthenticationException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient AuthFailure failure;

    public PeerAuthenticationException(AuthFailure failure) {
        super(Objects.requireNonNull(failure, "failure").reason(), null, false, false);
        this.failure = failure;
    }

    PeerAuthenticationException(AuthFailure.Kind kind, String reason) {
        this(new AuthFailure(kind, reason));
    }

    public AuthFailure failure() {
        return failure;
    }
}
