package io.gatewise.agent.control;

/** The agent's state directory is missing, incomplete or unreadable; the message says what to do. */
public class AgentStateException extends Exception {
    public AgentStateException(String message) {
        super(message);
    }
}
