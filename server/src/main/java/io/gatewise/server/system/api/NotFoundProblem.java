package io.gatewise.server.system.api;

/**
 * Marks an exception meaning "no such object": answered on {@code /api/v1} as a 404
 * problem ({@link ApiProblemResolver}) with the exception's message as detail.
 */
public interface NotFoundProblem {
}
