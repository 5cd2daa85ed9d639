package io.gatewise.agent.ike.sa;

/**
 * What a task says after building or processing a message (strongSwan's NEED_MORE and
 * SUCCESS). strongSwan's FAILED is an {@link IkeException} here, because a failure must
 * carry the notification to send and the reason to report.
 */
public enum TaskStatus {
    /** The task takes part in further messages of the exchange. */
    NEED_MORE,
    /** The task is done. */
    SUCCESS
}
