package io.gatewise.agent.cli;

import io.gatewise.agent.config.ConfigRejectedException;
import io.gatewise.agent.control.AgentStateException;
import io.gatewise.agent.control.ConfigMapper;
import io.gatewise.agent.control.ConfigStore;
import io.gatewise.agent.control.StateDir;
import io.gatewise.proto.v1.ConfigUpdate;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code gatewise-agent status}: what is in the state directory. */
final class StatusCommand {
    private StatusCommand() {
    }

    private static String describe(ConfigUpdate update) {
        try {
            return "v" + update.getVersion() + ", " + ConfigMapper.toDomain(update.getConfig()).describeSize();
        } catch (ConfigRejectedException e) {
            return "v" + update.getVersion() + " (not readable by this agent version: " + e.getMessage() + ")";
        }
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        Arguments a = Arguments.parse("status", args, Set.of("state-dir"), Set.of());
        if (!a.positional().isEmpty()) {
            throw new UsageException("status", "unexpected argument '" + a.positional().get(0) + "'");
        }
        StateDir state = new StateDir(Path.of(a.value("state-dir").orElse(StateDir.DEFAULT_PATH)));
        try {
            StateDir.Enrollment e = state.readEnrollment();
            StateDir.Credentials c = state.readCredentials();
            X509Certificate cert = c.certificate();
            out.println("gateway id:   " + e.gatewayId());
            out.println("server:       " + e.server() + e.serverName().map(n -> " (TLS name " + n + ")").orElse(""));
            out.println("enrolled at:  " + e.enrolledAt());
            out.println("certificate:  " + cert.getSubjectX500Principal().getName() + ", valid until "
                    + cert.getNotAfter().toInstant());
            Optional<ConfigUpdate> saved;
            try {
                saved = ConfigStore.forIdentity(state.appliedConfigFile(), c.privateKey(), e.gatewayId()).load();
            } catch (IOException ex) {
                out.println("saved config: unreadable (" + ex.getMessage() + ")");
                return AgentMain.FAILED;
            }
            out.println("saved config: " + saved.map(StatusCommand::describe).orElse("none"));
            return AgentMain.OK;
        } catch (AgentStateException ex) {
            err.println("gatewise-agent status: " + ex.getMessage());
            return AgentMain.FAILED;
        }
    }
}
