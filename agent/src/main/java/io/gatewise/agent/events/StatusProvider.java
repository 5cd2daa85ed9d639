package io.gatewise.agent.events;

import java.time.Instant;
import java.util.List;

/**
 * What the control plane polls every few seconds for the server's live SA view. Called
 * from the control-plane thread; must be quick and must not block on I/O (take a snapshot
 * of the SA database and the datapath counters).
 */
@FunctionalInterface
public interface StatusProvider {

    StatusSnapshot snapshot();

    /** No SAs: what the agent reports before an engine runs. */
    StatusProvider EMPTY = () -> new StatusSnapshot(Instant.now(), List.of(), List.of());
}
