package io.gatewise.server.gateway;

import java.util.Map;

/** Gateway input with mistakes; one message per form field. */
public class InvalidGatewayException extends RuntimeException {
    private final transient Map<String, String> fieldErrors;

    public InvalidGatewayException(Map<String, String> fieldErrors) {
        super("invalid gateway: " + fieldErrors);
        this.fieldErrors = Map.copyOf(fieldErrors);
    }

    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }
}
