package io.gatewise.server.topology;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

import io.gatewise.server.system.api.NotFoundProblem;

/** No policy or topology of that name: 404 on pages and as a problem on {@code /api/v1}. */
@ResponseStatus(HttpStatus.NOT_FOUND)
public class TopologyObjectNotFoundException extends RuntimeException implements NotFoundProblem {
    private static final long serialVersionUID = 1L;

    public TopologyObjectNotFoundException(String what, String name) {
        super("There is no " + what + " called '" + name + "'.");
    }
}
