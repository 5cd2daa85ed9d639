package io.gatewise.agent.ike.sa;

/** An ISAKMP SA's identity: the cookie pair (RFC 2408 section 2.5.3); 0 while the responder's is unknown. */
public record IkeSaId(long initiatorCookie, long responderCookie) {

    public IkeSaId withResponderCookie(long cookie) {
        return new IkeSaId(initiatorCookie, cookie);
    }

    /** The 16 bytes CKY-I | CKY-R, as ISAKMP Delete and Notify payloads carry them. */
    public byte[] toBytes() {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (initiatorCookie >>> (56 - 8 * i));
            b[8 + i] = (byte) (responderCookie >>> (56 - 8 * i));
        }
        return b;
    }

    @Override
    public String toString() {
        return String.format("%016x_%016x", initiatorCookie, responderCookie);
    }
}
