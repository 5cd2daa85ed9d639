package io.gatewise.agent.ike.config;

/**
 * The Phase 1 exchange a peer uses (RFC 2409 section 5).
 *
 * <ul>
 *   <li>{@link #MAIN}: Main Mode (Identity Protection, 6 messages); identities travel
 *       encrypted.</li>
 *   <li>{@link #AGGRESSIVE}: Aggressive Mode (3 messages); identities travel in clear, the
 *       DH group cannot be negotiated, and with a pre-shared key the responder's HASH_R in
 *       message 2 lets an observer guess the key offline.</li>
 * </ul>
 */
public enum Phase1Mode {
    MAIN("Main Mode"),
    AGGRESSIVE("Aggressive Mode");

    private final String plainName;

    Phase1Mode(String plainName) {
        this.plainName = plainName;
    }

    /** "Main Mode", "Aggressive Mode". */
    public String plainName() {
        return plainName;
    }
}
