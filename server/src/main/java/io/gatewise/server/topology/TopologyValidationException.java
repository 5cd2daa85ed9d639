package io.gatewise.server.topology;

import java.util.List;
import java.util.stream.Collectors;

import io.gatewise.server.topology.compiler.Problem;

/** A topology change was refused, nothing written; {@link #problems()} say why in plain words. */
public class TopologyValidationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public TopologyValidationException(List<Problem> problems) {
        super(problems.stream().map(Problem::message).collect(Collectors.joining(" ")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
