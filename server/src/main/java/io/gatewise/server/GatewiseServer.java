package io.gatewise.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Gatewise server: web UI, REST API, PKI and the agents' gRPC control plane. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewiseServer {
    public static void main(String[] args) {
        SpringApplication.run(GatewiseServer.class, args);
    }
}
