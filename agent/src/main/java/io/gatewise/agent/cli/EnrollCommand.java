package io.gatewise.agent.cli;

import io.gatewise.agent.control.EnrollOptions;
import io.gatewise.agent.control.Enrollment;
import io.gatewise.agent.control.EnrollmentException;
import io.gatewise.agent.control.EnrollmentResult;
import io.gatewise.agent.control.ServerAddress;
import io.gatewise.agent.control.StateDir;
import io.gatewise.agent.control.Failures;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code gatewise-agent enroll}. */
final class EnrollCommand {
    private EnrollCommand() {
    }

    /** The token from --token, or from --token-file (keeps it out of the process list and shell history). */
    private static String token(Arguments a) throws UsageException {
        if (a.value("token").isPresent() == a.value("token-file").isPresent()) {
            throw new UsageException("enroll", "give exactly one of --token and --token-file");
        }
        if (a.value("token").isPresent()) {
            return a.required("enroll", "token");
        }
        Path file = Path.of(a.value("token-file").get());
        try {
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                throw new UsageException("enroll", file + " is empty");
            }
            return token;
        } catch (IOException e) {
            throw new UsageException("enroll", "cannot read the token file: " + Failures.describe(e));
        }
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        Arguments a = Arguments.parse("enroll", args,
                Set.of("server", "token", "token-file", "state-dir", "hostname", "ca-file", "server-name"), Set.of("force"));
        if (!a.positional().isEmpty()) {
            throw new UsageException("enroll", "unexpected argument '" + a.positional().get(0) + "'");
        }
        ServerAddress server;
        try {
            server = ServerAddress.parse(a.required("enroll", "server"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("enroll", e.getMessage());
        }
        EnrollOptions options = EnrollOptions.of(server, token(a),
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
