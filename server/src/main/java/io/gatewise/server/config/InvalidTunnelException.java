package io.gatewise.server.config;

import java.util.Map;

/** A tunnel definition with mistakes; one plain-words message per form field. */
public class InvalidTunnelException extends RuntimeException
        implements io.gatewise.server.system.api.FieldErrorsProblem {
    private final transient Map<String, String> fieldErrors;

    public InvalidTunnelException(Map<String, String> fieldErrors) {
        super("invalid tunnel: " + fieldErrors);
        this.fieldErrors = Map.copyOf(fieldErrors);
    }

    /** Field name (as in {@link TunnelInput}) to message. */
    @Override
    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }
}
