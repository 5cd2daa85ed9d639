package io.gatewise.server.topology.compiler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.gatewise.agent.ike.proposal.EspProposal;
import io.gatewise.agent.ike.proposal.IkeProposal;
import io.gatewise.agent.ike.proposal.ProposalParser;
import io.gatewise.agent.ike.proposal.ProposalSelection;
import io.gatewise.server.topology.compiler.CompiledTunnel.ChildSa;
import io.gatewise.server.topology.compiler.CompiledTunnel.StartAction;
import io.gatewise.server.topology.compiler.PreflightFailure.Notify;

/**
 * Checks every compiled tunnel from both ends, as the two IKE daemons will see it: each
 * end that initiates offers its phase 1 and phase 2 proposals, sends its identity, and
 * proposes its selectors; the other end accepts or answers with a notification.
 *
 * <ul>
 *   <li>Phase 1: exchange mode, authentication method (an attribute of the IKEv1 SA
 *       proposal, RFC 2409 appendix A, so a mismatch is NO-PROPOSAL-CHOSEN), the first
 *       offered proposal the responder accepts ({@link ProposalSelection#selectIke}, as
 *       the agent does), identities both ways (INVALID-ID-INFORMATION, as the agent's
 *       {@code AuthFailure.IDENTITY_MISMATCH}), the pre-shared key (AUTHENTICATION-FAILED).</li>
 *   <li>Phase 2: protocol and encapsulation, {@link ProposalSelection#selectEsp} with the
 *       PFS group, and selectors that mirror one of the responder's children
 *       (RFC 2409 section 5.5 IDci/IDcr; a mismatch is INVALID-ID-INFORMATION).</li>
 * </ul>
 * For an external peer the far end is built from what the admin entered about it.
 */
public final class Preflight {
    private final Map<List<String>, List<IkeProposal>> ikeCache = new IdentityHashMap<>();
    private final Map<List<String>, List<String>> phase2Cache = new IdentityHashMap<>();
    private final Map<Object, Map<Object, Optional<String>>> selectionCache = new IdentityHashMap<>();

    private Preflight() {
    }

    /** All failures, sorted by tunnel name; empty when every tunnel would come up. */
    public static List<PreflightFailure> check(Compilation compilation) {
        return new Preflight().run(compilation);
    }

    private List<PreflightFailure> run(Compilation c) {
        List<PreflightFailure> failures = new ArrayList<>();
        Map<String, ExternalPeer> externals = compilation(c);
        for (GatewayConfig config : c.configs().values()) {
            for (CompiledTunnel t : config.tunnels()) {
                String self = config.gateway();
                if (t.peerExternal()) {
                    ExternalPeer x = externals.get(t.peer());
                    pair(self, t, x.name(), farEnd(t, x, self), failures);
                } else if (self.compareTo(t.peer()) < 0) {
                    CompiledTunnel back = find(c.config(t.peer()), t.name());
                    if (back == null) {
                        continue; // cannot happen for a compiled model; both ends come from one link
                    }
                    pair(self, t, t.peer(), back, failures);
                }
            }
        }
        failures.sort(Comparator.comparing(PreflightFailure::tunnel));
        return failures;
    }

    private static Map<String, ExternalPeer> compilation(Compilation c) {
        Map<String, ExternalPeer> map = new HashMap<>();
        c.model().externalPeers().forEach(x -> map.put(x.name(), x));
        return map;
    }

    private static CompiledTunnel find(GatewayConfig config, String name) {
        if (config == null) {
            return null;
        }
        int i = Collections.binarySearch(config.tunnels(), null,
                (a, b) -> (a == null ? name : a.name()).compareTo(b == null ? name : b.name()));
        return i >= 0 ? config.tunnels().get(i) : null;
    }

    /** The external peer's view of the tunnel: its own settings, with our roles swapped. */
    private static CompiledTunnel farEnd(CompiledTunnel t, ExternalPeer x, String self) {
        List<ChildSa> children = new ArrayList<>();
        if (t.vpnType() == TopologySpec.VpnType.ROUTE_BASED || x.expectsSubnets().isEmpty()) {
            t.children().forEach(ch -> children.add(new ChildSa(ch.name(), ch.remoteSelectors(), ch.localSelectors())));
        } else {
            for (String l : x.subnets()) {
                for (String rn : x.expectsSubnets()) {
                    if (l.contains(":") == rn.contains(":")) {
                        children.add(new ChildSa(l + "--" + rn, List.of(l), List.of(rn)));
                    }
                }
            }
        }
        var ike = new CompiledTunnel.IkeSettings(x.name(), x.mode(), x.ikeProposals(), 0, 0, 0,
                IkePolicy.DpdAction.CLEAR, true, false);
        var ipsec = new CompiledTunnel.IpsecSettings(x.name(), x.ipsecProtocol(), x.ipsecProposals(),
                t.ipsec().encapsulation(), 0, 0);
        Identity expects = x.expectsIdentity() != null ? x.expectsIdentity() : t.localIdentity();
        return new CompiledTunnel(t.name(), t.topology(), self, false, "", x.effectiveIdentity(), expects, ike, ipsec,
                children, x.auth(), t.psk(), StartAction.START, List.of(), t.vpnType());
    }

    private void pair(String a, CompiledTunnel ta, String b, CompiledTunnel tb, List<PreflightFailure> out) {
        boolean aStarts = ta.startAction() != StartAction.RESPOND;
        boolean bStarts = tb.startAction() != StartAction.RESPOND;
        if (!aStarts && !bStarts) {
            out.add(new PreflightFailure(ta.name(), a, b, 1, Notify.NO_PROPOSAL_CHOSEN,
                    "neither end initiates; both only respond, so the tunnel never comes up"));
            return;
        }
        if (aStarts) {
            exchange(a, ta, b, tb, out);
        }
        if (bStarts) {
            exchange(b, tb, a, ta, out);
        }
    }

    /** Initiator {@code i} with its tunnel {@code ti} against responder {@code r}. */
    private void exchange(String i, CompiledTunnel ti, String r, CompiledTunnel tr, List<PreflightFailure> out) {
        String name = ti.name();
        if (ti.ike().mode() != tr.ike().mode()) {
            out.add(new PreflightFailure(name, i, r, 1, Notify.NO_PROPOSAL_CHOSEN, i + " starts " + mode(ti) + ", "
                    + r + " expects " + mode(tr)));
            return;
        }
        if (ti.auth() != tr.auth()) {
            out.add(new PreflightFailure(name, i, r, 1, Notify.NO_PROPOSAL_CHOSEN, i + " authenticates with "
                    + ti.auth() + ", " + r + " only accepts " + tr.auth()));
            return;
        }
        Optional<String> ike = ikeMismatch(ti.ike(), tr.ike());
        if (ike.isPresent()) {
            out.add(new PreflightFailure(name, i, r, 1, Notify.NO_PROPOSAL_CHOSEN, ike.get()));
            return;
        }
        if (!ti.localIdentity().equals(tr.remoteIdentity())) {
            out.add(new PreflightFailure(name, i, r, 1, Notify.INVALID_ID_INFORMATION, i + " sends identity "
                    + ti.localIdentity() + ", " + r + " expects " + tr.remoteIdentity()));
            return;
        }
        if (ti.auth() == IkePolicy.Auth.PSK && !Objects.equals(ti.psk(), tr.psk())) {
            out.add(new PreflightFailure(name, i, r, 1, Notify.AUTHENTICATION_FAILED, "the pre-shared keys differ"));
            return;
        }
        if (!tr.localIdentity().equals(ti.remoteIdentity())) {
            // the responder's ID arrives in its last Main Mode message; now the initiator refuses
            out.add(new PreflightFailure(name, i, i, 1, Notify.INVALID_ID_INFORMATION, r + " sends identity "
                    + tr.localIdentity() + ", " + i + " expects " + ti.remoteIdentity()));
            return;
        }
        if (ti.ipsec().protocol() != tr.ipsec().protocol() || ti.ipsec().encapsulation() != tr.ipsec().encapsulation()) {
            out.add(new PreflightFailure(name, i, r, 2, Notify.NO_PROPOSAL_CHOSEN, i + " proposes "
                    + ti.ipsec().protocol() + " in " + ti.ipsec().encapsulation() + " mode, " + r + " accepts "
                    + tr.ipsec().protocol() + " in " + tr.ipsec().encapsulation() + " mode"));
            return;
        }
        Optional<String> p2 = phase2Mismatch(ti.ipsec(), tr.ipsec());
        if (p2.isPresent()) {
            out.add(new PreflightFailure(name, i, r, 2, Notify.NO_PROPOSAL_CHOSEN, p2.get()));
            return;
        }
        for (ChildSa child : ti.children()) {
            if (!mirrored(child, tr.children())) {
                out.add(new PreflightFailure(name, i, r, 2, Notify.INVALID_ID_INFORMATION, i + " proposes "
                        + child.localSelectors() + " <-> " + child.remoteSelectors() + ", which " + r
                        + " has no matching policy for"));
            }
        }
    }

    private static String mode(CompiledTunnel t) {
        return t.ike().mode() == IkePolicy.Mode.MAIN ? "Main Mode" : "Aggressive Mode";
    }

    private static boolean mirrored(ChildSa child, List<ChildSa> theirs) {
        for (ChildSa c : theirs) {
            if (c.localSelectors().equals(child.remoteSelectors()) && c.remoteSelectors().equals(child.localSelectors())) {
                return true;
            }
        }
        return false;
    }

    private Optional<String> ikeMismatch(CompiledTunnel.IkeSettings offered, CompiledTunnel.IkeSettings accepted) {
        if (offered == accepted) {
            return Optional.empty(); // one policy on both ends: the first offer is accepted
        }
        return selectionCache.computeIfAbsent(offered, k -> new IdentityHashMap<>()).computeIfAbsent(accepted, k -> {
            List<IkeProposal> o = ike(offered.proposals());
            List<IkeProposal> a = ike(accepted.proposals());
            return ProposalSelection.selectIke(o, a).isPresent() ? Optional.empty()
                    : Optional.of(ProposalSelection.explainIke(o, a));
        });
    }

    private Optional<String> phase2Mismatch(CompiledTunnel.IpsecSettings offered, CompiledTunnel.IpsecSettings accepted) {
        if (offered == accepted) {
            return Optional.empty();
        }
        return selectionCache.computeIfAbsent(offered, k -> new IdentityHashMap<>()).computeIfAbsent(accepted, k -> {
            if (offered.protocol() == IpsecPolicy.Protocol.ESP) {
                List<EspProposal> o = ProposalParser.parseEsp(String.join(",", offered.proposals()));
                List<EspProposal> a = ProposalParser.parseEsp(String.join(",", accepted.proposals()));
                return ProposalSelection.selectEsp(o, a).isPresent() ? Optional.empty()
                        : Optional.of(ProposalSelection.explainEsp(o, a));
            }
            List<String> o = ah(offered.proposals());
            List<String> a = ah(accepted.proposals());
            return o.stream().anyMatch(a::contains) ? Optional.empty()
                    : Optional.of("peer offered " + o + "; local policy accepts only " + a);
        });
    }

    private List<IkeProposal> ike(List<String> proposals) {
        return ikeCache.computeIfAbsent(proposals, p -> ProposalParser.parseIke(String.join(",", p)));
    }

    private List<String> ah(List<String> proposals) {
        return phase2Cache.computeIfAbsent(proposals, p -> ProposalParser.parseAh(String.join(",", p)).stream()
                .map(x -> x.toStrongswan()).toList());
    }
}
