package io.gatewise.server.topology;

import java.util.List;
import java.util.SortedMap;

import io.gatewise.server.topology.compiler.Problem;

/**
 * What a topology write did.
 *
 * @param newVersions gateway name to its new desired config version, for the gateways whose config changed
 * @param flagged     non-blocking findings (acknowledged weak algorithms) to keep showing
 * @param notes       the compiler's notes on the tunnels of the gateways whose config changed
 *                    (what it left out, e.g. an address family only one end protects), once each
 */
public record TopologyChange(SortedMap<String, Long> newVersions, List<Problem> flagged, List<String> notes) {
    public TopologyChange {
        newVersions = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(newVersions));
        flagged = List.copyOf(flagged);
        notes = List.copyOf(notes);
    }
}
