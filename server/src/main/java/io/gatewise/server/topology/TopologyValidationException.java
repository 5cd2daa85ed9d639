package io.gatewise.server.topology;

import java.util.List;
import java.util.stream.Collectors;

import io.gatewise.server.topology.compiler.Problem;

/**
 * A topology change was refused, nothing written; {@link #problems()} say why in plain
 * words. On {@code /api/v1} it is a 400 problem whose {@code errors} name the field each
 * finding is about ({@link TopologyInput#fieldOf}, "general" when none).
 */
public class TopologyValidationException extends RuntimeException
        implements io.gatewise.server.system.api.FieldErrorsProblem {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public TopologyValidationException(List<Problem> problems) {
        super(problems.stream().map(Problem::message).collect(Collectors.joining(" ")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    @Override
    public java.util.Map<String, String> fieldErrors() {
        return TopologyInput.byField(problems);
    }
}
