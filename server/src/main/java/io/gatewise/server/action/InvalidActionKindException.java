package io.gatewise.server.action;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

import io.gatewise.server.system.api.FieldErrorsProblem;

/** The request names no action kind, or one that does not exist. */
@ResponseStatus(HttpStatus.BAD_REQUEST)
public class InvalidActionKindException extends RuntimeException implements FieldErrorsProblem {
    public InvalidActionKindException(String given) {
        super("kind must be one of bring-up, rekey, reset, clear" + (given == null ? "" : ", not '" + given + "'"));
    }

    @Override
    public Map<String, String> fieldErrors() {
        return Map.of("kind", getMessage());
    }
}
