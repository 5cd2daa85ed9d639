package io.gatewise.agent.crypto;

import java.security.GeneralSecurityException;

/**
 * A Diffie-Hellman public value received from a peer was refused: wrong length, out of
 * range (MODP: not 1 &lt; y &lt; p-1) or not a point on the curve (ECP). IKE answers this
 * with INVALID-KEY-INFORMATION (RFC 2408 section 3.14.1) or INVALID_SYNTAX (IKEv2).
 */
public final class InvalidPublicValueException extends GeneralSecurityException {

    private static final long serialVersionUID = 1L;

    private final DhGroup group;

    public InvalidPublicValueException(DhGroup group, String reason) {
        super(group.plainName() + " public value refused: " + reason);
        this.group = group;
    }

    public DhGroup group() {
        return group;
    }
}
