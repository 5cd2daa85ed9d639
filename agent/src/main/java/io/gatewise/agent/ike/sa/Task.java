package io.gatewise.agent.ike.sa;

/**
 * One concern of an exchange (strongSwan's {@code task_t}): the exchange itself in one
 * role (Main Mode initiator, Quick Mode responder...) or a cross-cutting part of it
 * (vendor IDs, NAT detection). Each implementation keeps its progress in a private
 * state enum. The task manager calls, per message, {@link #build} for the messages we
 * send and {@link #process} for the ones we receive, on every task still taking part.
 * A failure is an {@link IkeException} with the notification to send.
 */
public interface Task {

    /** Adds this task's payloads to an outgoing message. */
    TaskStatus build(OutboundMessage message) throws IkeException;

    /** Consumes this task's payloads of a received message. */
    TaskStatus process(InboundMessage message) throws IkeException;

    /** A short name for logs, e.g. "MAIN_MODE(I)". */
    String name();
}
