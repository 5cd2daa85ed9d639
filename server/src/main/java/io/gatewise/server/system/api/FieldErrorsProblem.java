package io.gatewise.server.system.api;

import java.util.Map;

/**
 * Marks an exception carrying one plain message per input field: answered on
 * {@code /api/v1} as a 400 problem whose {@code errors} member lists each field.
 */
public interface FieldErrorsProblem {
    /** Field name (as in the request body) to message. */
    Map<String, String> fieldErrors();
}
