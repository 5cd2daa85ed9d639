package io.gatewise.agent.ike.proposal;

import io.gatewise.agent.crypto.DhGroup;
import io.gatewise.agent.ipsec.IntegrityAlgorithm;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One AH algorithm set for Quick Mode (RFC 4302): integrity only, an optional PFS group
 * and optional 64-bit extended sequence numbers.
 */
public record AhProposal(IntegrityAlgorithm integrity, DhGroup pfsGroup, boolean extendedSequenceNumbers) {

    public AhProposal {
        Objects.requireNonNull(integrity, "integrity");
    }

    public Optional<DhGroup> pfs() {
        return Optional.ofNullable(pfsGroup);
    }

    /** "SHA2-256/MODP-2048", "SHA1" (no PFS). */
    public String describe() {
        StringBuilder sb = new StringBuilder(EspAlgorithms.plainName(integrity));
        if (pfsGroup != null) {
            sb.append('/').append(pfsGroup.plainName());
        }
        if (extendedSequenceNumbers) {
            sb.append("/ESN");
        }
        return sb.toString();
    }

    /** Plain names of the weak algorithms ("MD5", "MODP-1024"). */
    public List<String> weakAlgorithms() {
        List<String> weak = new ArrayList<>();
        if (EspAlgorithms.isWeak(integrity)) {
            weak.add(EspAlgorithms.plainName(integrity));
        }
        if (pfsGroup != null && pfsGroup.isWeak()) {
            weak.add(pfsGroup.plainName());
        }
        return weak;
    }

    public boolean isWeak() {
        return !weakAlgorithms().isEmpty();
    }

    /** The same proposal in strongSwan syntax, e.g. "sha256-modp2048". */
    public String toStrongswan() {
        StringBuilder sb = new StringBuilder(ProposalParser.token(integrity));
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
