package io.gatewise.agent.cli;

import io.gatewise.agent.control.AgentInfo;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of the {@code gatewise-agent} executable jar: parses the subcommand and
 * hands over to it. Plain Java argument parsing, no framework.
 *
 * <p>Logging: this class installs the agent's own logback configuration
 * ({@code gatewise-agent-logback.xml}) before any logger exists. It must therefore not
 * hold a static logger itself.
 */
public final class AgentMain {
    /** Exit code: success. */
    public static final int OK = 0;
    /** Exit code: the command failed (message on stderr). */
    public static final int FAILED = 1;
    /** Exit code: wrong command line. */
    public static final int USAGE = 2;

    static {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "gatewise-agent-logback.xml");
        }
    }

    private AgentMain() {
    }

    public static void main(String[] args) {
        int code = execute(args, System.out, System.err);
        if (!RunCommand.shutdownStarted()) {
            System.exit(code);
        }
    }

    /** Runs a command line and returns its exit code; never calls {@code System.exit}. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        List<String> all = Arrays.asList(args);
        if (all.contains("--debug")) {
            // Before the first logger is created, so that logback reads it.
            System.setProperty("gatewise.log.level", "DEBUG");
            all = all.stream().filter(a -> !a.equals("--debug")).toList();
        }
        if (all.isEmpty() || all.get(0).equals("--help") || all.get(0).equals("-h") || all.get(0).equals("help")) {
            if (all.size() > 1 && all.get(0).equals("help")) {
                return execute(new String[] {all.get(1), "--help"}, out, err);
            }
            out.print(Usage.MAIN);
            return all.isEmpty() ? USAGE : OK;
        }
        if (all.get(0).equals("--version")) {
            out.println("gatewise-agent " + AgentInfo.version());
            return OK;
        }
        String command = all.get(0);
        List<String> rest = all.subList(1, all.size());
        String help = switch (command) {
            case "enroll" -> Usage.ENROLL;
            case "run" -> Usage.RUN;
            case "check-config" -> Usage.CHECK_CONFIG;
            case "status" -> Usage.STATUS;
            default -> null;
        };
        if (help == null) {
            err.println("gatewise-agent: unknown command '" + command + "'");
            err.print(Usage.MAIN);
            return USAGE;
        }
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(help);
            return OK;
        }
        try {
            return switch (command) {
                case "enroll" -> EnrollCommand.run(rest, out, err);
                case "run" -> RunCommand.run(rest, err);
                case "check-config" -> CheckConfigCommand.run(rest, out, err);
                case "status" -> StatusCommand.run(rest, out, err);
                default -> throw new IllegalStateException(command);
            };
        } catch (UsageException e) {
            err.println("gatewise-agent " + command + ": " + e.getMessage());
            err.println("(see gatewise-agent " + command + " --help)");
            return USAGE;
        }
    }
}
