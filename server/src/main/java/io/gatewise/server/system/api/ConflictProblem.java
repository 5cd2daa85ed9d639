package io.gatewise.server.system.api;

/**
 * Marks an exception meaning "the request clashes with the current state" (a name taken,
 * the last admin): answered on {@code /api/v1} as a 409 problem with the message as detail.
 */
public interface ConflictProblem {
}
