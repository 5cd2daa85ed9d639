package io.gatewise.server.enrollment;

/** An enrollment we refuse; nothing was created. The message is meant for the agent's operator. */
public class EnrollmentRejectedException extends RuntimeException {
    public enum Reason {
        /** Unknown token (mistyped, or from another installation). */
        TOKEN_INVALID,
        TOKEN_EXPIRED,
        TOKEN_USED,
        /** The CSR is malformed, weakly keyed or names the wrong subject. */
        BAD_CSR
    }

    private final Reason reason;

    public EnrollmentRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
