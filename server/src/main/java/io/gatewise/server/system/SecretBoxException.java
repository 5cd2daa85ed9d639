package io.gatewise.server.system;

/** A sealed secret could not be opened: wrong master key, wrong context, or tampering. */
public class SecretBoxException extends RuntimeException {
    public SecretBoxException(String message) {
        super(message);
    }
}
