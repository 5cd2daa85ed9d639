package io.gatewise.agent.control;

import java.util.Objects;

/**
 * Where the Gatewise server's gRPC port is: {@code host:port}, {@code [2001:db8::1]:9443},
 * or just {@code host} for the default port.
 *
 * @param host DNS name or IP literal (without brackets)
 * @param port TCP port
 */
public record ServerAddress(String host, int port) {
    /** The server's default gRPC port. */
    public static final int DEFAULT_PORT = 9443;

    public ServerAddress {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("server host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("server port " + port + " is out of range (1-65535)");
        }
    }

    /** Parses {@code HOST[:PORT]}; throws {@link IllegalArgumentException} with a plain reason. */
    public static ServerAddress parse(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("server address is empty (expected HOST:PORT)");
        }
        String host;
        String port = null;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("server address '" + t + "' has '[' without ']'");
            }
            host = t.substring(1, close);
            String rest = t.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("server address '" + t + "' is not HOST:PORT");
                }
                port = rest.substring(1);
            }
        } else {
            int colon = t.lastIndexOf(':');
            if (colon >= 0 && t.indexOf(':') != colon) {
                throw new IllegalArgumentException("IPv6 server address '" + t + "' must be written as [ADDRESS]:PORT");
            }
            host = colon >= 0 ? t.substring(0, colon) : t;
            port = colon >= 0 ? t.substring(colon + 1) : null;
        }
        if (port == null) {
            return new ServerAddress(host, DEFAULT_PORT);
        }
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("server port '" + port + "' is not a number");
        }
        return new ServerAddress(host, Integer.parseInt(port));
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
