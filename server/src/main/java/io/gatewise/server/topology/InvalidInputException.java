package io.gatewise.server.topology;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.gatewise.server.system.api.FieldErrorsProblem;

/**
 * Policy or topology input refused before the service saw it: one plain message per
 * field (the form shows each next to its field, {@code /api/v1} answers a 400 problem).
 */
public class InvalidInputException extends RuntimeException implements FieldErrorsProblem {
    private static final long serialVersionUID = 1L;

    private final transient Map<String, String> errors;

    public InvalidInputException(Map<String, String> errors) {
        super("invalid fields: " + errors.keySet());
        this.errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
    }

    @Override
    public Map<String, String> fieldErrors() {
        return errors;
    }
}
