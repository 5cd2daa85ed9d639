package io.gatewise.agent.cli;

/** Entry point of the {@code gatewise-agent} executable jar. */
public final class AgentMain {
    private AgentMain() {
    }

    public static void main(String[] args) {
        System.out.println("gatewise-agent: usage: gatewise-agent <enroll|run> [options]");
    }
}
