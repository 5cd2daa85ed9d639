package io.gatewise.agent.ike.v1;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.gatewise.agent.ike.codec.ExchangeType;
import io.gatewise.agent.ike.sa.Task;
import io.gatewise.agent.ike.transport.Datagram;

/**
 * One exchange of an IKE SA (one message id): its tasks, the last message in each
 * direction, and the retransmission schedule.
 *
 * <p>Duplicates: a received datagram equal to the last one processed is a retransmission
 * of the peer's request; the answer we sent to it is sent again and nothing else happens.
 * Retransmission: while we wait for an answer, our last message is re-sent after the
 * backoff of {@link io.gatewise.agent.ike.config.EngineSettings#retransmitDelay(int)}.
 */
final class Exchange {
    final int messageId;
    final ExchangeType type;
    final boolean weInitiated;
    final List<Task> tasks = new ArrayList<>();
    private byte[] lastReceived;
    private Datagram lastSent;
    /** lastSent answers lastReceived (so a duplicate of lastReceived deserves it again). */
    private boolean lastSentIsReply;
    private int retransmits;
    private long retransmitAt = Long.MAX_VALUE;
    private boolean complete;
    private long completedAt;
    /** The exchange's main task (Quick Mode), kept after completion for the report. */
    Task primary;
    /** Why the last message was dropped, for the timeout report. */
    String lastProblem;
    /** When the exchange began (engine clock), for the simultaneous-rekey rule. */
    long startedAt;

    Exchange(int messageId, ExchangeType type, boolean weInitiated) {
        this.messageId = messageId;
        this.type = type;
        this.weInitiated = weInitiated;
    }

    boolean isDuplicate(byte[] datagram) {
        return lastReceived != null && Arrays.equals(lastReceived, datagram);
    }

    boolean hasReceived() {
        return lastReceived != null;
    }

    void received(byte[] datagram) {
        lastReceived = datagram;
        lastSentIsReply = false;
        retransmitAt = Long.MAX_VALUE;        // answered
        retransmits = 0;
    }

    Datagram lastSent() {
        return lastSent;
    }

    /**
     * Our answer to a duplicate of the last received message, if we sent one. Without
     * this check two peers would bounce each other's last messages forever.
     */
    Datagram replyToDuplicate() {
        return lastSentIsReply ? lastSent : null;
    }

    /** Records a sent message; {@code awaitAnswer} arms the retransmission timer. */
    void sent(Datagram d, boolean awaitAnswer, long now, long firstDelay) {
        lastSent = d;
        lastSentIsReply = lastReceived != null;
        retransmits = 0;
        retransmitAt = awaitAnswer ? now + firstDelay : Long.MAX_VALUE;
    }

    long retransmitAt() {
        return retransmitAt;
    }

    int retransmits() {
        return retransmits;
    }

    void retransmitted(long nextAt) {
        retransmits++;
        retransmitAt = nextAt;
    }

    void complete(long now) {
        complete = true;
        completedAt = now;
        tasks.clear();
    }

    boolean isComplete() {
        return complete;
    }

    long completedAt() {
        return completedAt;
    }

    /** Which message of the exchange we last sent (1-based), for reports. */
    String describe() {
        return switch (type) {
            case IDENTITY_PROTECTION -> "Main Mode";
            case AGGRESSIVE -> "Aggressive Mode";
            case QUICK_MODE -> "Quick Mode " + Integer.toHexString(messageId);
            default -> type + " " + Integer.toHexString(messageId);
        };
    }
}
