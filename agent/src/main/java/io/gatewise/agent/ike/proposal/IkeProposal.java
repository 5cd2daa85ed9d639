package io.gatewise.agent.ike.proposal;

import io.gatewise.agent.crypto.Algorithm;
import io.gatewise.agent.crypto.DhGroup;
import io.gatewise.agent.crypto.HashAlgorithm;
import io.gatewise.agent.crypto.IkeCipher;
import io.gatewise.agent.crypto.PrfAlgorithm;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One IKEv1 Phase 1 algorithm set, i.e. one transform of the ISAKMP proposal: cipher,
 * hash (whose HMAC is the PRF) and Diffie-Hellman group. Authentication method and
 * lifetime are policy, not part of the proposal string.
 */
public record IkeProposal(IkeCipher cipher, HashAlgorithm hash, DhGroup group) {

    public IkeProposal {
        Objects.requireNonNull(cipher, "cipher");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(group, "group");
    }

    /** The PRF: HMAC of the hash (RFC 2409 section 4). */
    public PrfAlgorithm prf() {
        return hash.hmac();
    }

    /** "AES-128/SHA1/MODP-2048". */
    public String describe() {
        return cipher.plainName() + "/" + hash.plainName() + "/" + group.plainName();
    }

    /** True if any of the three algorithms is weak. */
    public boolean isWeak() {
        return !weakAlgorithms().isEmpty();
    }

    /** Plain names of the weak algorithms, in proposal order ("3DES", "MODP-1024"). */
    public List<String> weakAlgorithms() {
        return Stream.<Algorithm>of(cipher, hash, group).filter(Algorithm::isWeak).map(Algorithm::plainName)
                .toList();
    }

    /** The same proposal in strongSwan syntax, e.g. "aes128-sha1-modp2048". */
    public String toStrongswan() {
        return ProposalParser.token(cipher) + "-" + ProposalParser.token(hash) + "-" + ProposalParser.token(group);
    }

    @Override
    public String toString() {
        return describe();
    }
}
