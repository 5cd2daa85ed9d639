package io.gatewise.server.topology.compiler;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.gatewise.server.system.Secret;

/**
 * Scale benchmark (not a test): a full mesh of N gateways (default 1,000: 499,500 links,
 * 999,000 tunnels), then one gateway more, compiled incrementally. Run with
 * {@code server/run-compiler-benchmark.sh [N]}. Goals: full compile under 2 s,
 * incremental under 100 ms.
 */
public final class CompilerBenchmark {
    private CompilerBenchmark() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        for (int round = 1; round <= rounds; round++) {
            run(n, round == rounds);
        }
    }

    private static void run(int n, boolean print) {
        Models m = new Models().gateways(n);
        m.topology(new TopologySpec("mesh", TopologySpec.Kind.FULL_MESH, TopologySpec.VpnType.POLICY_BASED, Set.of(),
                Set.of("dc"), List.of(), TopologySpec.SpokeToSpoke.NONE, List.of(), "modern", "modern", List.of()));
        List<GatewaySpec> tagged = m.gateways.stream().map(g -> new GatewaySpec(g.name(), g.address(), false, g.subnets(),
                null, Set.of("dc"))).toList();
        m.gateways.clear();
        m.gateways.addAll(tagged);
        TopologyModel draft = new TopologyModel(m.gateways, m.ike, m.ipsec, List.of(), m.topologies, PskTable.empty());
        Map<LinkKey, Secret> psks = new HashMap<>();
        TopologyCompiler.linksNeedingPsk(draft).forEach(k -> psks.put(k, Secret.of("bench-" + k.tunnelName())));
        TopologyModel model = new TopologyModel(m.gateways, m.ike, m.ipsec, List.of(), m.topologies, PskTable.of(psks));

        long t0 = System.nanoTime();
        Compilation full = TopologyCompiler.compile(model);
        long t1 = System.nanoTime();
        List<Problem> problems = TopologyValidator.validate(model);
        long t2 = System.nanoTime();
        List<PreflightFailure> failures = Preflight.check(full);
        long t3 = System.nanoTime();

        // +1 gateway, 11 times (-Dbench.incrementalRuns) from the same full compilation (a different new gateway each
        // time): the median is the compile's work, the maximum shows a young GC pause that
        // fell into the window (the previous compilation keeps ~1.5 GB live)
        long[] incrementalNanos = new long[Integer.getInteger("bench.incrementalRuns", 11)];
        Compilation incremental = null;
        for (int k = 0; k < incrementalNanos.length; k++) {
            GatewaySpec added = new GatewaySpec("z-new-" + k, "198.51.100." + (k + 1), false,
                    List.of("10.250." + k + ".0/24"), null, Set.of("dc"));
            List<GatewaySpec> more = new java.util.ArrayList<>(m.gateways);
            more.add(added);
            Map<LinkKey, Secret> newPsks = new HashMap<>();
            for (GatewaySpec g : m.gateways) {
                newPsks.put(LinkKey.of(g.name(), added.name()), Secret.of("bench-new-" + g.name()));
            }
            TopologyModel next = new TopologyModel(more, m.ike, m.ipsec, List.of(), m.topologies,
                    model.psks().with(newPsks));
            long t4 = System.nanoTime();
            incremental = TopologyCompiler.compile(next, full);
            incrementalNanos[k] = System.nanoTime() - t4;
        }
        long[] sortedNanos = incrementalNanos.clone();
        java.util.Arrays.sort(sortedNanos);
        if (print) {
            System.out.printf("full mesh of %d gateways: %d links, %d tunnels%n", n, (long) n * (n - 1) / 2,
                    full.tunnelCount());
            System.out.printf("  full compile:        %6d ms%n", (t1 - t0) / 1_000_000);
            System.out.printf("  validation:          %6d ms (%d problems)%n", (t2 - t1) / 1_000_000, problems.size());
            System.out.printf("  pre-flight:          %6d ms (%d failures)%n", (t3 - t2) / 1_000_000, failures.size());
            System.out.printf("  +1 gateway, incremental compile: median %d ms, min %d ms, max %d ms (%d runs),"
                    + " %d of %d configs changed%n", sortedNanos[sortedNanos.length / 2] / 1_000_000,
                    sortedNanos[0] / 1_000_000, sortedNanos[sortedNanos.length - 1] / 1_000_000, sortedNanos.length,
                    incremental.changedGateways().size(), incremental.configs().size());
        }
    }
}
