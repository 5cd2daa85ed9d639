package io.gatewise.agent.control.journal;

import java.io.IOException;

/**
 * Called by the group-commit leader just before it forces a segment to disk. Tests use
 * it to hold a commit open while other appenders queue up, or to make it fail.
 */
@FunctionalInterface
interface ForceHook {

    ForceHook NONE = () -> { };

    void beforeForce() throws IOException;
}
