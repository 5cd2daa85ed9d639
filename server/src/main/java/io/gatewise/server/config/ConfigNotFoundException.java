package io.gatewise.server.config;

/** No such gateway, or no such tunnel in its config. */
public class ConfigNotFoundException extends RuntimeException implements io.gatewise.server.system.api.NotFoundProblem {
    public ConfigNotFoundException(String message) {
        super(message);
    }
}
