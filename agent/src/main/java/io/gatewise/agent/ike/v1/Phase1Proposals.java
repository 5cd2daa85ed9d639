package io.gatewise.agent.ike.v1;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.StringJoiner;

import io.gatewise.agent.crypto.DhGroup;
import io.gatewise.agent.crypto.HashAlgorithm;
import io.gatewise.agent.crypto.IkeCipher;
import io.gatewise.agent.ike.codec.AuthenticationMethod;
import io.gatewise.agent.ike.codec.Bytes;
import io.gatewise.agent.ike.codec.DataAttribute;
import io.gatewise.agent.ike.codec.LifeType;
import io.gatewise.agent.ike.codec.NotifyType;
import io.gatewise.agent.ike.codec.Phase1AttributeType;
import io.gatewise.agent.ike.codec.Proposal;
import io.gatewise.agent.ike.codec.ProtocolId;
import io.gatewise.agent.ike.codec.SaPayload;
import io.gatewise.agent.ike.codec.Transform;
import io.gatewise.agent.ike.proposal.IkeProposal;
import io.gatewise.agent.ike.proposal.ProposalSelection;
import io.gatewise.agent.ike.sa.IkeException;

/**
 * Phase 1 proposals on the wire (RFC 2409 section 5 and Appendix A): our proposals as
 * one ISAKMP proposal with one KEY_IKE transform per algorithm set, in preference order
 * (as strongSwan sends them); the responder's choice of the first acceptable transform
 * in the initiator's order; and the initiator's check that the answer is one it offered.
 */
public final class Phase1Proposals {
    private Phase1Proposals() {
    }

    /** What a transform says, when we understand all of it. */
    record Parsed(IkeProposal proposal, AuthenticationMethod auth, OptionalLong lifetimeSeconds) {
    }

    /** Our SA payload for message 1, pre-shared key authentication. */
    public static SaPayload offer(List<IkeProposal> proposals, long lifetimeSeconds) {
        return offer(proposals, lifetimeSeconds, AuthenticationMethod.PRE_SHARED_KEY);
    }

    /**
     * Our SA payload for message 1: every transform carries the one authentication method
     * our credentials allow (IKEv1 authenticates both sides with the same method).
     */
    public static SaPayload offer(List<IkeProposal> proposals, long lifetimeSeconds, AuthenticationMethod auth) {
        List<Transform> transforms = new ArrayList<>();
        int n = 1;
        for (IkeProposal p : proposals) {
            transforms.add(transform(n++, p, lifetimeSeconds, auth));
        }
        return SaPayload.ipsec(List.of(new Proposal(1, ProtocolId.ISAKMP.value(), Bytes.EMPTY, transforms)));
    }

    /** Attribute order as strongSwan writes it: cipher, key length, hash, group, auth, life. */
    static Transform transform(int number, IkeProposal p, long lifetimeSeconds) {
        return transform(number, p, lifetimeSeconds, AuthenticationMethod.PRE_SHARED_KEY);
    }

    static Transform transform(int number, IkeProposal p, long lifetimeSeconds, AuthenticationMethod auth) {
        List<DataAttribute> a = new ArrayList<>();
        a.add(DataAttribute.basic(Phase1AttributeType.ENCRYPTION_ALGORITHM.value(), p.cipher().ikev1Id()));
        if (p.cipher().keyLengthAttribute() != 0) {
            a.add(DataAttribute.basic(Phase1AttributeType.KEY_LENGTH.value(), p.cipher().keyLengthAttribute()));
        }
        a.add(DataAttribute.basic(Phase1AttributeType.HASH_ALGORITHM.value(), p.hash().ikev1Id()));
        a.add(DataAttribute.basic(Phase1AttributeType.GROUP_DESCRIPTION.value(), p.group().ianaId()));
        a.add(DataAttribute.basic(Phase1AttributeType.AUTHENTICATION_METHOD.value(), auth.value()));
        a.add(DataAttribute.basic(Phase1AttributeType.LIFE_TYPE.value(), LifeType.SECONDS.value()));
        a.add(DataAttribute.number(Phase1AttributeType.LIFE_DURATION.value(), lifetimeSeconds));
        return new Transform(number, Transform.KEY_IKE, a);
    }

    /** Interprets a transform; empty when it names something we do not implement. */
    static Optional<Parsed> parse(Transform t) {
        if (t.transformId() != Transform.KEY_IKE) {
            return Optional.empty();
        }
        int enc = -1;
        int keyLength = 0;
        int hash = -1;
        int group = -1;
        AuthenticationMethod auth = null;
        LifeType lifeType = null;
        OptionalLong lifetime = OptionalLong.empty();
        for (DataAttribute attr : t.attributes()) {
            OptionalLong v = attr.numeric();
            if (v.isEmpty()) {
                return Optional.empty();
            }
            long value = v.getAsLong();
            Optional<Phase1AttributeType> type = Phase1AttributeType.fromValue(attr.type());
            if (type.isEmpty()) {
                return Optional.empty();
            }
            switch (type.get()) {
                case ENCRYPTION_ALGORITHM -> enc = (int) value;
                case KEY_LENGTH -> keyLength = (int) value;
                case HASH_ALGORITHM -> hash = (int) value;
                case GROUP_DESCRIPTION -> group = (int) value;
                case AUTHENTICATION_METHOD -> auth = AuthenticationMethod.fromValue(value).orElse(null);
                case LIFE_TYPE -> lifeType = LifeType.fromValue(value).orElse(null);
                case LIFE_DURATION -> {
                    if (lifeType == LifeType.SECONDS) {
                        lifetime = OptionalLong.of(value);
                    }
                }
                default -> {
                    return Optional.empty();       // PRF, private groups: not supported
                }
            }
        }
        Optional<IkeCipher> cipher = cipher(enc, keyLength);
        Optional<HashAlgorithm> h = HashAlgorithm.fromIkev1Id(hash);
        Optional<DhGroup> g = DhGroup.fromIanaId(group);
        if (cipher.isEmpty() || h.isEmpty() || g.isEmpty() || auth == null) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(new IkeProposal(cipher.get(), h.get(), g.get()), auth, lifetime));
    }

    static Optional<IkeCipher> cipher(int ikev1Id, int keyLengthBits) {
        for (IkeCipher c : IkeCipher.values()) {
            if (c.ikev1Id() == ikev1Id && c.keyLengthAttribute() == keyLengthBits) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * Responder: the first transform, in the initiator's order, that matches one of our
     * proposals with our authentication method.
     *
     * @throws IkeException NO-PROPOSAL-CHOSEN, naming what was offered and what we accept
     *                      ({@link ProposalSelection#explainIke})
     */
    public static AcceptedIkeTransform select(SaPayload offer, List<IkeProposal> ours, long ourLifetime)
            throws IkeException {
        return select(offer, ours, ourLifetime, AuthenticationMethod.PRE_SHARED_KEY);
    }

    public static AcceptedIkeTransform select(SaPayload offer, List<IkeProposal> ours, long ourLifetime,
            AuthenticationMethod auth) throws IkeException {
        List<IkeProposal> offered = new ArrayList<>();
        List<String> unusable = new ArrayList<>();
        for (Proposal p : offer.proposals()) {
            if (p.protocolId() != ProtocolId.ISAKMP.value()) {
                unusable.add("a proposal for protocol " + p.protocolId());
                continue;
            }
            for (Transform t : p.transforms()) {
                Optional<Parsed> parsed = parse(t);
                if (parsed.isEmpty()) {
                    unusable.add("transform " + t.number() + " with unsupported attributes");
                    continue;
                }
                Parsed x = parsed.get();
                if (x.auth() != auth) {
                    unusable.add(x.proposal().describe() + " with " + x.auth() + " authentication (we use "
                            + auth + ")");
                    continue;
                }
                offered.add(x.proposal());
                if (ours.contains(x.proposal())) {
                    long life = x.lifetimeSeconds().orElse(ourLifetime);
                    return new AcceptedIkeTransform(x.proposal(), Math.min(life, ourLifetime), p, t,
                            x.lifetimeSeconds().orElse(0));
                }
            }
        }
        String reason = ProposalSelection.explainIke(offered, ours);
        if (!unusable.isEmpty()) {
            reason += " (also offered, unusable: " + String.join(", ", unusable) + ")";
        }
        throw IkeException.noProposalChosen(reason, offered.stream().map(IkeProposal::toStrongswan).toList(),
                ours.stream().map(IkeProposal::toStrongswan).toList());
    }

    /**
     * Initiator: the responder must return exactly one transform, and one we offered.
     *
     * @return the accepted proposal and the lifetime (the responder's if lower)
     */
    public static AcceptedIkeTransform checkAnswer(SaPayload answer, List<IkeProposal> offered, long ourLifetime)
            throws IkeException {
        return checkAnswer(answer, offered, ourLifetime, AuthenticationMethod.PRE_SHARED_KEY);
    }

    public static AcceptedIkeTransform checkAnswer(SaPayload answer, List<IkeProposal> offered, long ourLifetime,
            AuthenticationMethod auth) throws IkeException {
        if (answer.proposals().size() != 1 || answer.proposals().get(0).transforms().size() != 1) {
            throw IkeException.of(NotifyType.BAD_PROPOSAL_SYNTAX,
                    "responder returned more than one proposal or transform");
        }
        Proposal p = answer.proposals().get(0);
        Transform t = p.transforms().get(0);
        Optional<Parsed> parsed = parse(t);
        if (p.protocolId() != ProtocolId.ISAKMP.value() || parsed.isEmpty()
                || parsed.get().auth() != auth
                || !offered.contains(parsed.get().proposal())) {
            throw IkeException.of(NotifyType.NO_PROPOSAL_CHOSEN, "responder chose "
                    + parsed.map(x -> x.proposal().describe() + "/" + x.auth()).orElse("an unknown transform")
                    + ", which we did not offer (offered " + names(offered) + ")");
        }
        long life = Math.min(parsed.get().lifetimeSeconds().orElse(ourLifetime), ourLifetime);
        return new AcceptedIkeTransform(parsed.get().proposal(), life, p, t,
                parsed.get().lifetimeSeconds().orElse(0));
    }

    static String names(List<IkeProposal> ps) {
        StringJoiner j = new StringJoiner(", ");
        ps.forEach(p -> j.add(p.describe()));
        return j.toString();
    }
}
