package io.gatewise.server.config;

/** No such gateway, or no such tunnel in its config. */
public class ConfigNotFoundException extends RuntimeException {
    public ConfigNotFoundException(String message) {
        super(message);
    }
}
