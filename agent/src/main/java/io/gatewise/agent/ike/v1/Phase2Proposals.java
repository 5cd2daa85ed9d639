package io.gatewise.agent.ike.v1;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.StringJoiner;

import io.gatewise.agent.crypto.DhGroup;
import io.gatewise.agent.ike.codec.Bytes;
import io.gatewise.agent.ike.codec.DataAttribute;
import io.gatewise.agent.ike.codec.EncapsulationMode;
import io.gatewise.agent.ike.codec.IpsecAttributeType;
import io.gatewise.agent.ike.codec.LifeType;
import io.gatewise.agent.ike.codec.NotifyType;
import io.gatewise.agent.ike.codec.Proposal;
import io.gatewise.agent.ike.codec.ProtocolId;
import io.gatewise.agent.ike.codec.SaPayload;
import io.gatewise.agent.ike.codec.Transform;
import io.gatewise.agent.ike.config.ChildConfig;
import io.gatewise.agent.ike.proposal.EspProposal;
import io.gatewise.agent.ike.proposal.ProposalSelection;
import io.gatewise.agent.ike.sa.IkeException;
import io.gatewise.agent.ipsec.EncryptionAlgorithm;
import io.gatewise.agent.ipsec.IntegrityAlgorithm;
import io.gatewise.agent.ipsec.SaSpec;

/**
 * Quick Mode ESP proposals (RFC 2407 sections 4.4.4 and 4.5): ours as one ESP proposal
 * with one transform per algorithm set; the responder's choice of the first acceptable
 * transform in the initiator's order; the initiator's check of the answer.
 */
public final class Phase2Proposals {
    private Phase2Proposals() {
    }

    /** What an ESP transform says. */
    record Parsed(EspProposal proposal, EncapsulationMode mode, OptionalLong lifetimeSeconds,
            OptionalLong lifetimeKilobytes) {
    }

    /**
     * Our SA payload for Quick Mode message 1. IKEv1 has one KE per Quick Mode, so every
     * transform carries the same PFS group; proposals with another group are left out.
     */
    public static SaPayload offer(int spi, List<EspProposal> proposals, EncapsulationMode mode, long lifeSeconds,
            long lifeKilobytes) {
        DhGroup pfs = proposals.get(0).pfsGroup();
        List<Transform> transforms = new ArrayList<>();
        int n = 1;
        for (EspProposal p : proposals) {
            if (p.pfsGroup() == pfs) {
                transforms.add(transform(n++, p, mode, lifeSeconds, lifeKilobytes));
            }
        }
        return SaPayload.ipsec(List.of(new Proposal(1, ProtocolId.IPSEC_ESP.value(), Bytes.ofInt(spi, 4),
                transforms)));
    }

    /** The proposals {@link #offer} really sends (same PFS group as the first). */
    public static List<EspProposal> offered(List<EspProposal> proposals) {
        DhGroup pfs = proposals.get(0).pfsGroup();
        return proposals.stream().filter(p -> p.pfsGroup() == pfs).toList();
    }

    /** Attribute order as strongSwan writes it: key length, auth, group, mode, life. */
    static Transform transform(int number, EspProposal p, EncapsulationMode mode, long lifeSeconds,
            long lifeKilobytes) {
        List<DataAttribute> a = new ArrayList<>();
        EncryptionAlgorithm enc = p.encryption();
        if (enc.name().startsWith("AES")) {
            a.add(DataAttribute.basic(IpsecAttributeType.KEY_LENGTH.value(),
                    (enc.keyLength() - enc.saltLength()) * 8));
        }
        if (p.integrity() != null) {
            a.add(DataAttribute.basic(IpsecAttributeType.AUTHENTICATION_ALGORITHM.value(),
                    p.integrity().ikev1AuthAlgorithm()));
        }
        if (p.pfsGroup() != null) {
            a.add(DataAttribute.basic(IpsecAttributeType.GROUP_DESCRIPTION.value(), p.pfsGroup().ianaId()));
        }
        a.add(DataAttribute.basic(IpsecAttributeType.ENCAPSULATION_MODE.value(), mode.value()));
        if (p.extendedSequenceNumbers()) {
            a.add(DataAttribute.basic(IpsecAttributeType.EXTENDED_SEQUENCE_NUMBER.value(), 1));   // RFC 4304
        }
        a.add(DataAttribute.basic(IpsecAttributeType.SA_LIFE_TYPE.value(), LifeType.SECONDS.value()));
        a.add(DataAttribute.number(IpsecAttributeType.SA_LIFE_DURATION.value(), lifeSeconds));
        if (lifeKilobytes > 0) {
            a.add(DataAttribute.basic(IpsecAttributeType.SA_LIFE_TYPE.value(), LifeType.KILOBYTES.value()));
            a.add(DataAttribute.number(IpsecAttributeType.SA_LIFE_DURATION.value(), lifeKilobytes));
        }
        return new Transform(number, enc.ikev1TransformId(), a);
    }

    /** The encapsulation mode for a child: UDP-encapsulated when NAT-T is in use (RFC 3947 section 5.1). */
    public static EncapsulationMode mode(SaSpec.Mode mode, boolean udp) {
        if (mode == SaSpec.Mode.TUNNEL) {
            return udp ? EncapsulationMode.UDP_ENCAPSULATED_TUNNEL : EncapsulationMode.TUNNEL;
        }
        return udp ? EncapsulationMode.UDP_ENCAPSULATED_TRANSPORT : EncapsulationMode.TRANSPORT;
    }

    static Optional<Parsed> parse(Transform t) {
        int keyLength = 0;
        IntegrityAlgorithm integ = null;
        DhGroup group = null;
        EncapsulationMode mode = null;
        LifeType lifeType = null;
        boolean esn = false;
        OptionalLong seconds = OptionalLong.empty();
        OptionalLong kilobytes = OptionalLong.empty();
        for (DataAttribute attr : t.attributes()) {
            OptionalLong v = attr.numeric();
            Optional<IpsecAttributeType> type = IpsecAttributeType.fromValue(attr.type());
            if (v.isEmpty() || type.isEmpty()) {
                return Optional.empty();
            }
            long value = v.getAsLong();
            switch (type.get()) {
                case KEY_LENGTH -> keyLength = (int) value;
                case AUTHENTICATION_ALGORITHM -> {
                    integ = integrity((int) value);
                    if (integ == null) {
                        return Optional.empty();
                    }
                }
                case GROUP_DESCRIPTION -> {
                    group = DhGroup.fromIanaId((int) value).orElse(null);
                    if (group == null) {
                        return Optional.empty();
                    }
                }
                case ENCAPSULATION_MODE -> {
                    mode = EncapsulationMode.fromValue(value).orElse(null);
                    if (mode == null) {
                        return Optional.empty();
                    }
                }
                case SA_LIFE_TYPE -> lifeType = LifeType.fromValue(value).orElse(null);
                case SA_LIFE_DURATION -> {
                    if (lifeType == LifeType.SECONDS) {
                        seconds = OptionalLong.of(value);
                    } else if (lifeType == LifeType.KILOBYTES) {
                        kilobytes = OptionalLong.of(value);
                    } else {
                        return Optional.empty();
                    }
                }
                case EXTENDED_SEQUENCE_NUMBER -> {
                    if (value > 1) {
                        return Optional.empty();
                    }
                    esn = value == 1;
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        EncryptionAlgorithm enc = encryption(t.transformId(), keyLength);
        if (enc == null || mode == null || enc.isAead() != (integ == null)) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(new EspProposal(enc, integ, group, esn), mode, seconds, kilobytes));
    }

    static EncryptionAlgorithm encryption(int transformId, int keyLengthBits) {
        for (EncryptionAlgorithm e : EncryptionAlgorithm.values()) {
            if (e.ikev1TransformId() != transformId) {
                continue;
            }
            boolean variable = e.name().startsWith("AES");
            if (!variable || (e.keyLength() - e.saltLength()) * 8 == keyLengthBits) {
                return e;
            }
        }
        return null;
    }

    static IntegrityAlgorithm integrity(int authAlgorithm) {
        for (IntegrityAlgorithm i : IntegrityAlgorithm.values()) {
            if (i.ikev1AuthAlgorithm() == authAlgorithm) {
                return i;
            }
        }
        return null;
    }

    /**
     * Responder: the first transform in the initiator's order that one of the child's
     * proposals accepts, in a mode matching the child's (tunnel or transport, UDP
     * encapsulated or not as the peer asks).
     *
     * @throws IkeException NO-PROPOSAL-CHOSEN naming the offer and the policy
     */
    public static AcceptedEspTransform select(SaPayload offer, ChildConfig child) throws IkeException {
        List<EspProposal> offered = new ArrayList<>();
        List<String> unusable = new ArrayList<>();
        List<Proposal> all = offer.proposals();
        for (Proposal p : all) {
            long sameNumber = all.stream().filter(q -> q.number() == p.number()).count();
            if (p.protocolId() != ProtocolId.IPSEC_ESP.value() || sameNumber > 1) {
                unusable.add(ProtocolId.fromValue(p.protocolId()).map(Enum::name).orElse("protocol " + p.protocolId())
                        + (sameNumber > 1 ? " bundle" : ""));
                continue;
            }
            if (p.spi().length() != 4) {
                throw IkeException.of(NotifyType.INVALID_SPI, "ESP proposal with a " + p.spi().length() + "-byte SPI");
            }
            for (Transform t : p.transforms()) {
                Optional<Parsed> parsed = parse(t);
                if (parsed.isEmpty()) {
                    unusable.add("ESP transform " + t.transformId() + " with unsupported attributes");
                    continue;
                }
                Parsed x = parsed.get();
                if (x.mode().isTransport() != (child.mode() == SaSpec.Mode.TRANSPORT)) {
                    unusable.add(x.proposal().describe() + " in " + x.mode() + " mode");
                    continue;
                }
                offered.add(x.proposal());
                if (child.proposals().contains(x.proposal())) {
                    long theirs = x.lifetimeSeconds().orElse(28800);      // RFC 2407 section 4.5 default
                    long seconds = Math.min(theirs, child.lifetimeSeconds());
                    long kb = lifeKb(x.lifetimeKilobytes().orElse(0), child.lifetimeKilobytes());
                    boolean lowered = seconds < theirs || kb != x.lifetimeKilobytes().orElse(0);
                    return new AcceptedEspTransform(x.proposal(), x.mode(), seconds, kb, lowered, p, t);
                }
            }
        }
        String reason = "child " + child.name() + ": " + ProposalSelection.explainEsp(offered, child.proposals());
        if (!unusable.isEmpty()) {
            reason += " (also offered, unusable: " + String.join(", ", unusable) + ")";
        }
        throw IkeException.noProposalChosen(reason, offered.stream().map(EspProposal::toStrongswan).toList(),
                child.proposals().stream().map(EspProposal::toStrongswan).toList());
    }

    private static long lifeKb(long theirs, long ours) {
        if (theirs == 0) {
            return ours;
        }
        return ours == 0 ? theirs : Math.min(theirs, ours);
    }

    /** Initiator: one proposal, one transform, one that we offered. */
    public static AcceptedEspTransform checkAnswer(SaPayload answer, List<EspProposal> offered) throws IkeException {
        if (answer.proposals().size() != 1 || answer.proposals().get(0).transforms().size() != 1) {
            throw IkeException.of(NotifyType.BAD_PROPOSAL_SYNTAX,
                    "responder returned more than one ESP proposal or transform");
        }
        Proposal p = answer.proposals().get(0);
        if (p.protocolId() != ProtocolId.IPSEC_ESP.value() || p.spi().length() != 4) {
            throw IkeException.of(NotifyType.INVALID_SPI, "responder returned a non-ESP proposal or a bad SPI");
        }
        Transform t = p.transforms().get(0);
        Optional<Parsed> parsed = parse(t);
        if (parsed.isEmpty() || !offered.contains(parsed.get().proposal())) {
            throw IkeException.of(NotifyType.NO_PROPOSAL_CHOSEN, "responder chose "
                    + parsed.map(x -> x.proposal().describe()).orElse("an unknown transform")
                    + ", which we did not offer (offered " + names(offered) + ")");
        }
        Parsed x = parsed.get();
        return new AcceptedEspTransform(x.proposal(), x.mode(), x.lifetimeSeconds().orElse(28800),
                x.lifetimeKilobytes().orElse(0), false, p, t);
    }

    static String names(List<EspProposal> ps) {
        StringJoiner j = new StringJoiner(", ");
        ps.forEach(p -> j.add(p.describe()));
        return j.toString();
    }
}
