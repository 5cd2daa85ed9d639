package io.gatewise.server.action;

import io.gatewise.server.system.api.NotFoundProblem;

public class TunnelActionNotFoundException extends RuntimeException implements NotFoundProblem {
    public TunnelActionNotFoundException(long id) {
        super("no tunnel action " + id);
    }
}
