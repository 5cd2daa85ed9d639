package io.gatewise.agent.ike.proposal;

/**
 * A proposal string could not be understood. The message names the offending token and
 * the proposal it appeared in, for configuration errors shown to operators.
 */
public final class ProposalSyntaxException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String proposal;
    private final String token;

    ProposalSyntaxException(String message, String proposal, String token) {
        super(message);
        this.proposal = proposal;
        this.token = token;
    }

    /** The proposal (one comma-separated item) that failed. */
    public String proposal() {
        return proposal;
    }

    /** The offending token, or {@code null} when something is missing rather than wrong. */
    public String token() {
        return token;
    }
}
