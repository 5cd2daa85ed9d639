package io.gatewise.agent.ike.sa;

import java.util.List;
import java.util.Objects;

import io.gatewise.agent.ike.codec.NotifyType;

/**
 * A failed exchange, carrying the notification that tells the peer why (RFC 2408 section
 * 3.14.1) and a reason in plain words for the log and the event. Thrown by tasks, turned
 * into an Informational exchange and an event in one place (the task manager).
 *
 * <p>Three kinds, because unauthenticated input must not change state:
 * <ul>
 *   <li>{@link Kind#PROTOCOL}: the peer asked for something we refuse (no proposal,
 *       wrong identity, bad selectors): the exchange fails and the peer is told;</li>
 *   <li>{@link Kind#INTEGRITY}: the message does not decrypt or its hash is wrong: it is
 *       dropped; an established SA is untouched and a half-open one fails only when it
 *       keeps happening;</li>
 *   <li>{@link Kind#UNEXPECTED}: a message that does not fit the exchange's state (out
 *       of order, a stray): dropped and counted, nothing else.</li>
 * </ul>
 */
public final class IkeException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Kind { PROTOCOL, INTEGRITY, UNEXPECTED }

    private final NotifyType notifyType;
    private final Kind kind;
    private final List<String> offeredProposals;
    private final List<String> acceptedProposals;

    private IkeException(NotifyType notifyType, String reason, Kind kind, List<String> offered,
            List<String> accepted) {
        super(reason, null, false, false);
        this.notifyType = Objects.requireNonNull(notifyType, "notifyType");
        this.kind = kind;
        this.offeredProposals = List.copyOf(offered);
        this.acceptedProposals = List.copyOf(accepted);
    }

    private IkeException(NotifyType notifyType, String reason, Kind kind) {
        this(notifyType, reason, kind, List.of(), List.of());
    }

    public static IkeException of(NotifyType notifyType, String reason) {
        return new IkeException(notifyType, reason, Kind.PROTOCOL);
    }

    /**
     * NO-PROPOSAL-CHOSEN with both sides' lists, so that the audit shows what was offered
     * next to what local policy accepts, not only the sentence that compares them.
     */
    public static IkeException noProposalChosen(String reason, List<String> offered, List<String> accepted) {
        return new IkeException(NotifyType.NO_PROPOSAL_CHOSEN, reason, Kind.PROTOCOL, offered, accepted);
    }

    /** A message that failed decryption or authentication. */
    public static IkeException integrity(NotifyType notifyType, String reason) {
        return new IkeException(notifyType, reason, Kind.INTEGRITY);
    }

    /** A message that does not belong where it arrived. */
    public static IkeException unexpected(String reason) {
        return new IkeException(NotifyType.INVALID_PAYLOAD_TYPE, reason, Kind.UNEXPECTED);
    }

    public NotifyType notifyType() {
        return notifyType;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isIntegrityFailure() {
        return kind == Kind.INTEGRITY;
    }

    /** The proposals the initiator offered, in plain names; empty unless proposals did not match. */
    public List<String> offeredProposals() {
        return offeredProposals;
    }

    /** What local policy accepts, in plain names; empty unless proposals did not match. */
    public List<String> acceptedProposals() {
        return acceptedProposals;
    }

    public String reason() {
        return getMessage();
    }
}
