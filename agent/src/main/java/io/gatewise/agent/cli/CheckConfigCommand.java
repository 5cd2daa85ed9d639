package io.gatewise.agent.cli;

import io.gatewise.agent.config.AgentConfig;
import io.gatewise.agent.config.ConfigRejectedException;
import io.gatewise.agent.config.TunnelConfig;
import io.gatewise.agent.control.StandaloneConfig;
import io.gatewise.agent.gateway.RouteConflicts;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code gatewise-agent check-config FILE}: everything {@code run} would refuse in the
 * file itself (syntax, validation, tunnels whose routes collide), without opening sockets
 * or resolving peer names, so it works offline and on a machine that is not the gateway.
 */
final class CheckConfigCommand {
    private CheckConfigCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        Arguments a = Arguments.parse("check-config", args, Set.of(), Set.of());
        if (a.positional().size() != 1) {
            throw new UsageException("check-config", "expected exactly one FILE");
        }
        Path file = Path.of(a.positional().get(0));
        try {
            AgentConfig config = StandaloneConfig.load(file);
            List<String> conflicts = RouteConflicts.find(config.tunnels().stream().map(RouteConflicts.Routed::of)
                    .toList());
            if (!conflicts.isEmpty()) {
                throw new ConfigRejectedException(conflicts);
            }
            out.println(file + ": valid, " + config.describeSize());
            for (TunnelConfig t : config.tunnels()) {
                out.println("  tunnel " + t.name() + ": peer " + t.remoteAddress() + ", " + t.auth().method()
                        + ", " + t.children().size() + " child SA(s), " + t.startAction());
            }
            return AgentMain.OK;
        } catch (ConfigRejectedException e) {
            err.println(file + ": not valid:");
            e.problems().forEach(p -> err.println("  " + p));
            return AgentMain.FAILED;
        }
    }
}
