package io.gatewise.server.topology.compiler;

/**
 * One way a tunnel would fail to come up, as the peers would experience it.
 *
 * @param tunnel    the tunnel name ("a--b")
 * @param initiator the side that starts the exchange
 * @param rejecting the side that would refuse it
 * @param phase     1 (Main/Aggressive Mode) or 2 (Quick Mode)
 * @param notification the notification the rejecting side would send (RFC 2408 section 3.14.1)
 * @param reason    plain words, naming algorithms, identities or selectors (never a key)
 */
public record PreflightFailure(String tunnel, String initiator, String rejecting, int phase, Notify notification,
                               String reason) {
    /** The IKEv1 notify message types the pre-flight can predict (RFC 2408 section 3.14.1). */
    public enum Notify {
        NO_PROPOSAL_CHOSEN(14, "NO-PROPOSAL-CHOSEN"),
        INVALID_ID_INFORMATION(18, "INVALID-ID-INFORMATION"),
        AUTHENTICATION_FAILED(24, "AUTHENTICATION-FAILED");

        private final int number;
        private final String wireName;

        Notify(int number, String wireName) {
            this.number = number;
            this.wireName = wireName;
        }

        public int number() {
            return number;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** "branch-1 would reject branch-2's phase 1 with NO-PROPOSAL-CHOSEN: ...". */
    public String describe() {
        return tunnel + ": " + rejecting + " would reject " + initiator + "'s phase " + phase + " with "
                + notification.wireName() + " (" + reason + ")";
    }
}
