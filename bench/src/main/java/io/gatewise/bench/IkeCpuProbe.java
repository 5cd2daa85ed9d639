package io.gatewise.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of one Main Mode + Quick Mode negotiation (PSK, PFS) between two in-memory
 * engines, both ends on this thread: the IKE work itself, without sockets, the datapath,
 * logging or a JIT still compiling (600 negotiations first). A steadier figure than
 * run-ike.sh's on a shared machine, and one that isolates the crypto and codec costs.
 *
 * <pre>java -cp "$(bench/build-classpath.sh)" io.gatewise.bench.IkeCpuProbe ecp256 [rounds]</pre>
 */
public final class IkeCpuProbe {

    private IkeCpuProbe() {
    }

    public static void main(String[] args) {
        String group = args.length > 0 ? args[0] : "ecp256";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String suite = "aes128-sha1-" + group;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        IkeBenchResponder.warmUp(600, suite, suite);
        for (int round = 0; round < rounds; round++) {
            long before = threads.getCurrentThreadCpuTime();
            IkeBenchResponder.warmUp(200, suite, suite);
            long after = threads.getCurrentThreadCpuTime();
            System.out.printf("%s round %d: %.2f ms CPU per negotiation (initiator + responder)%n", group, round,
                    (after - before) / 1e6 / 200);
        }
    }
}
