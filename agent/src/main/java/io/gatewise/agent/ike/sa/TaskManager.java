package io.gatewise.agent.ike.sa;

import io.gatewise.agent.ike.codec.RawMessage;
import io.gatewise.agent.ike.config.ChildConfig;
import io.gatewise.agent.ike.transport.Datagram;

/**
 * Runs the exchanges of one IKE SA (strongSwan's {@code task_manager_t}): receives its
 * messages, retransmits, answers duplicates, tracks message ids and turns failures into
 * notifications and events. One implementation per IKE version.
 */
public interface TaskManager {

    /** Starts phase 1 as initiator. */
    void initiate(long nowMillis);

    /** Handles a message for this SA (header already validated, body maybe encrypted). */
    void receive(RawMessage message, Datagram datagram, long nowMillis);

    /** Runs retransmissions and timeouts due at {@code nowMillis}. */
    void tick(long nowMillis);

    /** When {@link #tick} should run next; {@link Long#MAX_VALUE} when nothing is pending. */
    long nextDeadline();

    /** Negotiates a child SA once phase 1 is up (queued until then). */
    void initiateChild(ChildConfig child, long nowMillis);

    /** Deletes a child SA: sends Delete, removes it from the datapath. */
    void deleteChild(ChildSa child, String reason, long nowMillis);

    /** Deletes the IKE SA and its children, telling the peer when keys exist. */
    void delete(String reason, long nowMillis);

    /** Tears the SA down because the engine evicted it or shut down; nothing is sent. */
    void abort(String reason, long nowMillis);

    /** Starts the rekey of one installed child now (soft byte limit, operator); false if not possible. */
    default boolean rekeyChild(ChildSa child, long nowMillis) {
        return false;
    }

    /** Starts the rekey of every installed child now. */
    default void rekeyChildren(long nowMillis) {
    }

    /**
     * Takes over the children of an older SA with the same peer (phase 1 rekey); returns
     * how many moved.
     */
    default int adoptChildren(IkeSa older, long nowMillis) {
        return 0;
    }
}
