package io.gatewise.server.gateway;

import java.util.Map;

/** Gateway input with mistakes; one message per form field. */
public class InvalidGatewayException extends RuntimeException
        implements io.gatewise.server.system.api.FieldErrorsProblem {
    private final transient Map<String, String> fieldErrors;

    public InvalidGatewayException(Map<String, String> fieldErrors) {
        super("invalid gateway: " + fieldErrors);
        this.fieldErrors = Map.copyOf(fieldErrors);
    }

    @Override
    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }
}
