package io.gatewise.agent.ike.config;

import java.util.Objects;

import io.gatewise.agent.crypto.DhGroup;
import io.gatewise.agent.crypto.HashAlgorithm;
import io.gatewise.agent.crypto.IkeCipher;

/**
 * One phase 1 algorithm set: cipher, hash (whose HMAC is the PRF, RFC 2409 section 4)
 * and Diffie-Hellman group. In IKEv1 each becomes one transform of the ISAKMP proposal.
 */
public record IkeProposal(IkeCipher cipher, HashAlgorithm hash, DhGroup group) {
    public IkeProposal {
        Objects.requireNonNull(cipher, "cipher");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(group, "group");
    }

    /** "AES-128/SHA1/MODP-2048". */
    public String plainName() {
        return cipher.plainName() + "/" + hash.plainName() + "/" + group.plainName();
    }

    public boolean isWeak() {
        return cipher.isWeak() || hash.isWeak() || group.isWeak();
    }

    @Override
    public String toString() {
        return plainName();
    }
}
