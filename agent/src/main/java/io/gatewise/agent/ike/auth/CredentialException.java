package io.gatewise.agent.ike.auth;

/**
 * Our own credentials (certificate, chain, private key, trusted CAs) cannot be used. The
 * message says why in plain words and never contains key material.
 */
public final class CredentialException extends Exception {

    private static final long serialVersionUID = 1L;

    public CredentialException(String message) {
        super(message);
    }
}
