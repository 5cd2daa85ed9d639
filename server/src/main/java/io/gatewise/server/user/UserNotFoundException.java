package io.gatewise.server.user;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

import io.gatewise.server.system.api.NotFoundProblem;

@ResponseStatus(HttpStatus.NOT_FOUND)
public class UserNotFoundException extends RuntimeException implements NotFoundProblem {
    UserNotFoundException(String what) {
        super("no " + what);
    }
}
