package io.gatewise.server.changelog;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

import io.gatewise.server.system.api.NotFoundProblem;

@ResponseStatus(HttpStatus.NOT_FOUND)
class ChangeNotFoundException extends RuntimeException implements NotFoundProblem {
    ChangeNotFoundException(long id) {
        super("no change " + id);
    }
}
