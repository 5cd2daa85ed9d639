package io.gatewise.server.topology;

import java.util.List;
import java.util.SortedMap;

import io.gatewise.server.topology.compiler.Problem;

/**
 * What a topology write did.
 *
 * @param newVersions gateway name to its new desired config version, for the gateways whose config changed
 * @param flagged     non-blocking findings (acknowledged weak algorithms) to keep showing
 */
public record TopologyChange(SortedMap<String, Long> newVersions, List<Problem> flagged) {
    public TopologyChange {
        newVersions = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(newVersions));
        flagged = List.copyOf(flagged);
    }
}
