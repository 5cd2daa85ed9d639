package io.gatewise.agent.ipsec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The SPD (RFC 4301 section 4.4.1) for traffic routed into the tunnel device. An
 * outbound packet takes the first policy, by ascending priority, whose local selectors
 * contain its source and whose remote selectors contain its destination. The datapath
 * keeps one SPD per tunnel interface: the shared TUN device's holds the policy-based
 * tunnels' policies, and each route-based tunnel's own interface holds its one policy
 * with 0.0.0.0/0 (and ::/0) on both sides.
 *
 * <p>Lookups read an immutable snapshot and do not lock or allocate.
 */
public final class SecurityPolicyDatabase {
    /** One compiled policy. */
    public static final class Entry {
        final PolicySpec spec;
        final CompiledSelector[] local;
        final CompiledSelector[] remote;

        Entry(PolicySpec spec) {
            this.spec = spec;
            this.local = spec.localSelectors().stream().map(CompiledSelector::new).toArray(CompiledSelector[]::new);
            this.remote = spec.remoteSelectors().stream().map(CompiledSelector::new).toArray(CompiledSelector[]::new);
        }

        public PolicySpec spec() {
            return spec;
        }

        public SaId outboundSa() {
            return spec.outboundSa();
        }
    }

    private volatile Entry[] entries = new Entry[0];

    /**
     * Adds a policy, or atomically replaces the one with the same id: a rekey points the
     * policy at the new SAs without a moment in which traffic finds no policy.
     */
    public synchronized void add(PolicySpec policy) {
        List<Entry> list = new ArrayList<>();
        for (Entry e : entries) {
            if (!e.spec.id().equals(policy.id())) {
                list.add(e);
            }
        }
        list.add(new Entry(policy));
        list.sort(Comparator.comparingInt(e -> e.spec.priority()));
        entries = list.toArray(new Entry[0]);
    }

    public synchronized boolean remove(String policyId) {
        List<Entry> list = new ArrayList<>();
        for (Entry e : entries) {
            if (!e.spec.id().equals(policyId)) {
                list.add(e);
            }
        }
        boolean removed = list.size() != entries.length;
        entries = list.toArray(new Entry[0]);
        return removed;
    }

    /** The policy protecting an outbound packet, or null (the packet is then dropped). */
    public Entry lookupOutbound(FlowKey k) {
        for (Entry e : entries) {
            if (FlowKey.anyMatches(e.local, k, true) && FlowKey.anyMatches(e.remote, k, false)) {
                return e;
            }
        }
        return null;
    }

    public List<PolicySpec> policies() {
        List<PolicySpec> out = new ArrayList<>();
        for (Entry e : entries) {
            out.add(e.spec);
        }
        return out;
    }
}
