package io.gatewise.agent.cli;

import io.gatewise.agent.control.EnrollOptions;
import io.gatewise.agent.control.Enrollment;
import io.gatewise.agent.control.EnrollmentException;
import io.gatewise.agent.control.EnrollmentResult;
import io.gatewise.agent.control.ServerAddress;
import io.gatewise.agent.control.StateDir;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code gatewise-agent enroll}. */
final class EnrollCommand {
    private EnrollCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        Arguments a = Arguments.parse("enroll", args,
                Set.of("server", "token", "state-dir", "hostname", "ca-file", "server-name"), Set.of("force"));
        if (!a.positional().isEmpty()) {
            throw new UsageException("enroll", "unexpected argument '" + a.positional().get(0) + "'");
        }
        ServerAddress server;
        try {
            server = ServerAddress.parse(a.required("enroll", "server"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("enroll", e.getMessage());
        }
        EnrollOptions options = EnrollOptions.of(server, a.required("enroll", "token"),
                Path.of(a.value("state-dir").orElse(StateDir.DEFAULT_PATH))).withForce(a.flag("force"));
        if (a.value("hostname").isPresent()) {
            options = options.withHostname(a.value("hostname").get());
        }
        if (a.value("ca-file").isPresent()) {
            options = options.withCaFile(Path.of(a.value("ca-file").get()));
        }
        if (a.value("server-name").isPresent()) {
            options = options.withServerName(a.value("server-name").get());
        }
        try {
            EnrollmentResult result = Enrollment.enroll(options);
            out.println("Enrolled as gateway " + result.gatewayId() + "; key and certificates are in "
                    + result.stateDir() + ".");
            out.println("Server certificate SHA-256 fingerprint: " + result.serverFingerprint()
                    + (result.trustedOnFirstUse() ? " (trusted on first use; verify it)" : ""));
            out.println("Start the agent with: gatewise-agent run"
                    + (a.value("state-dir").isPresent() ? " --state-dir " + result.stateDir() : ""));
            return AgentMain.OK;
        } catch (EnrollmentException e) {
            err.println("gatewise-agent enroll: " + e.getMessage());
            return AgentMain.FAILED;
        }
    }
}
