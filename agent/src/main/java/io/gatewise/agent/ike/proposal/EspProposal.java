package io.gatewise.agent.ike.proposal;

import io.gatewise.agent.crypto.DhGroup;
import io.gatewise.agent.ipsec.EncryptionAlgorithm;
import io.gatewise.agent.ipsec.IntegrityAlgorithm;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One ESP algorithm set for Quick Mode: the cipher, the integrity algorithm (absent for
 * AES-GCM, which authenticates by itself), the PFS group (the Quick Mode KE group; absent
 * means no PFS) and whether to use 64-bit extended sequence numbers (RFC 4304).
 */
public record EspProposal(EncryptionAlgorithm encryption, IntegrityAlgorithm integrity, DhGroup pfsGroup,
        boolean extendedSequenceNumbers) {

    /**
     * @throws IllegalArgumentException if an AEAD cipher comes with an integrity algorithm
     *     or any other cipher without one
     */
    public EspProposal {
        Objects.requireNonNull(encryption, "encryption");
        if (encryption.isAead() && integrity != null) {
            throw new IllegalArgumentException(EspAlgorithms.plainName(encryption) + " needs no integrity algorithm");
        }
        if (!encryption.isAead() && integrity == null) {
            throw new IllegalArgumentException(EspAlgorithms.plainName(encryption) + " needs an integrity algorithm");
        }
    }

    /** Without PFS and ESN. */
    public static EspProposal of(EncryptionAlgorithm encryption, IntegrityAlgorithm integrity) {
        return new EspProposal(encryption, integrity, null, false);
    }

    public Optional<IntegrityAlgorithm> integrityAlgorithm() {
        return Optional.ofNullable(integrity);
    }

    public Optional<DhGroup> pfs() {
        return Optional.ofNullable(pfsGroup);
    }

    /** "AES-128/SHA1/MODP-2048", "AES-GCM-128/ECP-256", "AES-256/SHA2-256" (no PFS). */
    public String describe() {
        StringBuilder sb = new StringBuilder(EspAlgorithms.plainName(encryption));
        if (integrity != null) {
            sb.append('/').append(EspAlgorithms.plainName(integrity));
        }
        if (pfsGroup != null) {
            sb.append('/').append(pfsGroup.plainName());
        }
        if (extendedSequenceNumbers) {
            sb.append("/ESN");
        }
        return sb.toString();
    }

    public boolean isWeak() {
        return !weakAlgorithms().isEmpty();
    }

    /** Plain names of the weak algorithms ("3DES", "MD5", "NULL", "MODP-1024"). */
    public List<String> weakAlgorithms() {
        List<String> weak = new ArrayList<>();
        if (EspAlgorithms.isWeak(encryption)) {
            weak.add(EspAlgorithms.plainName(encryption));
        }
        if (integrity != null && EspAlgorithms.isWeak(integrity)) {
            weak.add(EspAlgorithms.plainName(integrity));
        }
        if (pfsGroup != null && pfsGroup.isWeak()) {
            weak.add(pfsGroup.plainName());
        }
        return weak;
    }

    /** The same proposal in strongSwan syntax, e.g. "aes128gcm16-ecp256" or "aes128-sha1". */
    public String toStrongswan() {
        StringBuilder sb = new StringBuilder(ProposalParser.token(encryption));
        if (integrity != null) {
            sb.append('-').append(ProposalParser.token(integrity));
        }
        if (pfsGroup != null) {
            sb.append('-').append(ProposalParser.token(pfsGroup));
        }
        if (extendedSequenceNumbers) {
            sb.append("-esn");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
