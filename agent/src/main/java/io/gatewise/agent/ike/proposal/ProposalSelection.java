package io.gatewise.agent.ike.proposal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Proposal choice and the plain-words reason when there is none.
 *
 * <p>The responder takes the first proposal in the initiator's order that its own policy
 * accepts (the initiator lists proposals most preferred first, RFC 2408 section 4.2); the
 * initiator checks that the answer is one it offered.
 */
public final class ProposalSelection {

    private ProposalSelection() {
    }

    /** The first offered IKE proposal that local policy accepts. */
    public static Optional<IkeProposal> selectIke(List<IkeProposal> offered, List<IkeProposal> accepted) {
        return offered.stream().filter(accepted::contains).findFirst();
    }

    /** The first offered ESP proposal that local policy accepts (PFS group included). */
    public static Optional<EspProposal> selectEsp(List<EspProposal> offered, List<EspProposal> accepted) {
        return offered.stream().filter(accepted::contains).findFirst();
    }

    /**
     * Why no IKE proposal matched, for the log and the UI, e.g.
     * "peer offered AES-128/SHA1/MODP-1024; local policy accepts only MODP-2048, ECP-256".
     * When a single algorithm kind has nothing in common, only that kind is named.
     */
    public static String explainIke(List<IkeProposal> offered, List<IkeProposal> accepted) {
        return explain(offered, accepted, IkeProposal::describe, List.of(
                p -> p.cipher().plainName(),
                p -> p.hash().plainName(),
                p -> p.group().plainName()));
    }

    /** Why no ESP proposal matched, in the same form ("no PFS" stands for a missing group). */
    public static String explainEsp(List<EspProposal> offered, List<EspProposal> accepted) {
        return explain(offered, accepted, EspProposal::describe, List.of(
                p -> EspAlgorithms.plainName(p.encryption()),
                p -> p.integrityAlgorithm().map(EspAlgorithms::plainName).orElse("no separate integrity (AEAD)"),
                p -> p.pfs().map(g -> "PFS " + g.plainName()).orElse("no PFS"),
                p -> p.extendedSequenceNumbers() ? "ESN" : "no ESN"));
    }

    private static <P> String explain(List<P> offered, List<P> accepted, Function<P, String> describe,
            List<Function<P, String>> kinds) {
        String peer = "peer offered " + (offered.isEmpty() ? "nothing"
                : offered.stream().map(describe).collect(Collectors.joining(", ")));
        if (accepted.isEmpty()) {
            return peer + "; local policy accepts nothing";
        }
        List<String> disjoint = new ArrayList<>();
        for (Function<P, String> kind : kinds) {
            Set<String> ours = values(accepted, kind);
            Set<String> theirs = values(offered, kind);
            if (!theirs.isEmpty() && theirs.stream().noneMatch(ours::contains)) {
                disjoint.add(String.join(", ", ours));
            }
        }
        if (!disjoint.isEmpty()) {
            return peer + "; local policy accepts only " + String.join("; ", disjoint);
        }
        return peer + "; local policy accepts only the combinations "
                + accepted.stream().map(describe).collect(Collectors.joining(", "));
    }

    private static <P> Set<String> values(List<P> proposals, Function<P, String> kind) {
        return proposals.stream().map(kind).collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
