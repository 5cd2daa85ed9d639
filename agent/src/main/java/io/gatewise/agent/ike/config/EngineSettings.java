package io.gatewise.agent.ike.config;

/**
 * Engine-wide knobs.
 *
 * @param retransmitTimeoutMillis first retransmission after this long without an answer
 * @param retransmitBase          each further wait is this factor longer (exponential backoff)
 * @param retransmitTries         retransmissions before giving up on the exchange
 * @param halfOpenTimeoutMillis   a responder's phase 1 that is not established by then is dropped
 * @param maxHalfOpen             responder phase 1 SAs in negotiation at once; the oldest is
 *                                evicted to make room (RFC 2408 section 2.5.3: cookies protect,
 *                                the bound keeps memory finite)
 * @param authFailureStrikes      a half-open SA fails after this many messages that do not
 *                                decrypt or authenticate (a single forged one changes nothing)
 * @param completedExchangeMillis how long a finished exchange keeps its last message to
 *                                answer retransmissions of the peer's last request
 * @param ikePort                 UDP port for IKE (500)
 * @param nattPort                UDP port after NAT-T floating (4500)
 */
public record EngineSettings(long retransmitTimeoutMillis, double retransmitBase, int retransmitTries,
        long halfOpenTimeoutMillis, int maxHalfOpen, int authFailureStrikes, long completedExchangeMillis,
        int ikePort, int nattPort) {

    /** strongSwan's retransmission defaults (4 s, factor 1.8, 5 tries: about 165 s in all). */
    public static final EngineSettings DEFAULT = new EngineSettings(4000, 1.8, 5, 60_000, 1024, 2, 60_000,
            500, 4500);

    public EngineSettings {
        if (retransmitTimeoutMillis <= 0 || retransmitBase < 1 || retransmitTries < 0 || halfOpenTimeoutMillis <= 0
                || maxHalfOpen < 1 || authFailureStrikes < 1 || completedExchangeMillis < 0) {
            throw new IllegalArgumentException("bad engine settings");
        }
    }

    /** The wait before retransmission number {@code n} (0-based). */
    public long retransmitDelay(int n) {
        return (long) (retransmitTimeoutMillis * Math.pow(retransmitBase, n));
    }

    public EngineSettings withMaxHalfOpen(int max) {
        return new EngineSettings(retransmitTimeoutMillis, retransmitBase, retransmitTries, halfOpenTimeoutMillis,
                max, authFailureStrikes, completedExchangeMillis, ikePort, nattPort);
    }

    public EngineSettings withRetransmits(long timeoutMillis, double base, int tries) {
        return new EngineSettings(timeoutMillis, base, tries, halfOpenTimeoutMillis, maxHalfOpen,
                authFailureStrikes, completedExchangeMillis, ikePort, nattPort);
    }

    public EngineSettings withHalfOpenTimeout(long millis) {
        return new EngineSettings(retransmitTimeoutMillis, retransmitBase, retransmitTries, millis, maxHalfOpen,
                authFailureStrikes, completedExchangeMillis, ikePort, nattPort);
    }

    public EngineSettings withPorts(int ike, int natt) {
        return new EngineSettings(retransmitTimeoutMillis, retransmitBase, retransmitTries, halfOpenTimeoutMillis,
                maxHalfOpen, authFailureStrikes, completedExchangeMillis, ike, natt);
    }
}
