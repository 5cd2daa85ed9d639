package io.gatewise.server.topology;

import java.util.List;

import io.gatewise.server.system.api.ConflictProblem;

/**
 * A policy or external peer that topologies still use cannot be deleted: a 409 problem on
 * {@code /api/v1} naming them, a notice on the pages.
 */
public class TopologyObjectInUseException extends RuntimeException implements ConflictProblem {
    private static final long serialVersionUID = 1L;

    public TopologyObjectInUseException(String what, String name, List<String> topologies) {
        super("The " + what + " '" + name + "' is used by " + String.join(", ", topologies)
                + "; change those topologies first.");
    }
}
