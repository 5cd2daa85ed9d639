package io.gatewise.server.gateway;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

@ResponseStatus(HttpStatus.NOT_FOUND)
public class GatewayNotFoundException extends RuntimeException implements io.gatewise.server.system.api.NotFoundProblem {
    public GatewayNotFoundException(UUID id) {
        super("no gateway " + id);
    }
}
