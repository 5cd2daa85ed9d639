package io.gatewise.server.topology.compiler;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * The compiler's output: one config per gateway of the model, and which of them differ
 * from the previous compilation (all of them when there was none). Keep it to pass as
 * {@code previous} to the next {@link TopologyCompiler#compile(TopologyModel, Compilation)}.
 */
public final class Compilation {
    private final TopologyModel model;
    private final SortedMap<String, GatewayConfig> configs;
    private final SortedSet<String> changed;
    /** Per topology, per gateway: its tunnels in peer order (reused by the next incremental compile). */
    final Map<String, Map<String, java.util.List<CompiledTunnel>>> runs;
    /** Per gateway: all its tunnels in topology then peer order, before sorting by name. */
    final Map<String, java.util.List<CompiledTunnel>> unsorted;
    final ResolvedModel resolved;

    Compilation(TopologyModel model, ResolvedModel resolved, SortedMap<String, GatewayConfig> configs,
                SortedSet<String> changed, Map<String, Map<String, java.util.List<CompiledTunnel>>> runs,
                Map<String, java.util.List<CompiledTunnel>> unsorted) {
        this.model = model;
        this.resolved = resolved;
        this.configs = Collections.unmodifiableSortedMap(configs);
        this.changed = Collections.unmodifiableSortedSet(changed);
        this.runs = runs;
        this.unsorted = unsorted;
    }

    public TopologyModel model() {
        return model;
    }

    /** By gateway name. */
    public SortedMap<String, GatewayConfig> configs() {
        return configs;
    }

    public GatewayConfig config(String gateway) {
        return configs.get(gateway);
    }

    /** Gateways whose config differs from the previous compilation's (or is new). */
    public Set<String> changedGateways() {
        return changed;
    }

    /** Total tunnel count over all gateways (each link counts once per managed end). */
    public long tunnelCount() {
        return configs.values().stream().mapToLong(c -> c.tunnels().size()).sum();
    }

    @Override
    public String toString() {
        return "Compilation[" + configs.size() + " gateways, " + changed.size() + " changed]";
    }
}
