package io.gatewise.agent.cli;

/** The command line is wrong; the message says how. Exit code 2. */
final class UsageException extends Exception {
    private final String command;

    UsageException(String command, String message) {
        super(message);
        this.command = command;
    }

    /** The subcommand whose usage to point at, or null for the top level. */
    String command() {
        return command;
    }
}
