package io.gatewise.server.user;

import java.util.Map;

import io.gatewise.server.system.api.FieldErrorsProblem;

/** User (or API token) input with mistakes; one plain message per form field. */
public class InvalidUserException extends RuntimeException implements FieldErrorsProblem {
    private final transient Map<String, String> fieldErrors;

    public InvalidUserException(Map<String, String> fieldErrors) {
        super("invalid input: " + fieldErrors.keySet());
        this.fieldErrors = Map.copyOf(fieldErrors);
    }

    @Override
    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }
}
