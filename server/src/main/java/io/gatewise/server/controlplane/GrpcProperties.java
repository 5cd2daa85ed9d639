package io.gatewise.server.controlplane;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The agents' control-plane endpoint.
 *
 * @param port          TLS port of the gRPC server; 0 picks a free port (tests)
 * @param serverNames   extra DNS names / IP addresses agents use to reach the server; they go
 *                      into the server certificate next to localhost, 127.0.0.1, ::1 and this
 *                      machine's host name
 * @param publicAddress host:port shown to admins in the enroll command; defaults to the
 *                      host of the admin's browser request and {@code port}
 */
@ConfigurationProperties("gatewise.grpc")
public record GrpcProperties(
        @DefaultValue("9443") int port,
        @DefaultValue List<String> serverNames,
        String publicAddress) {
}
