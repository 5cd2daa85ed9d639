package io.gatewise.agent.ike.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * The Security Association payload, RFC 2408 section 3.4 with the IPsec DOI situation of
 * RFC 2407 section 4.6.1.
 *
 * <pre>
 * ! Next Payload  !   RESERVED    !         Payload Length        !
 * !              Domain of Interpretation  (DOI)                  !
 * !                           Situation                           !
 * ~                   &lt;Proposal payloads&gt;                         ~
 * </pre>
 *
 * Only SIT_IDENTITY_ONLY is supported: the secrecy and integrity situations add labelled
 * domain fields nobody deploys, and are refused with SITUATION-NOT-SUPPORTED.
 */
public record SaPayload(int doi, int situation, List<Proposal> proposals) implements Payload {
    /** RFC 2408 section 3.4: a generic ISAKMP SA, acceptable in phase 1. */
    public static final int DOI_ISAKMP = 0;
    /** RFC 2407 section 4.2. */
    public static final int DOI_IPSEC = 1;
    /** RFC 2407 section 4.2. */
    public static final int SIT_IDENTITY_ONLY = 1;
    public static final PayloadType TYPE = PayloadType.SECURITY_ASSOCIATION;

    public SaPayload {
        proposals = List.copyOf(proposals);
    }

    /** An IPsec DOI, identity-only SA payload. */
    public static SaPayload ipsec(List<Proposal> proposals) {
        return new SaPayload(DOI_IPSEC, SIT_IDENTITY_ONLY, proposals);
    }

    @Override
    public int typeValue() {
        return TYPE.value();
    }

    static SaPayload decodeBody(PayloadReader r, DecodeLimits limits) throws CodecException {
        int doi = r.u32("DOI");
        if (doi != DOI_IPSEC && doi != DOI_ISAKMP) {
            throw new CodecException(NotifyType.DOI_NOT_SUPPORTED, "DOI " + Integer.toUnsignedString(doi));
        }
        int situation = r.u32("situation");
        if (situation != SIT_IDENTITY_ONLY && doi == DOI_IPSEC) {
            throw new CodecException(NotifyType.SITUATION_NOT_SUPPORTED, "situation " + Integer.toHexString(situation));
        }
        PayloadReader pr = r.reportingAs(NotifyType.BAD_PROPOSAL_SYNTAX);
        List<Proposal> proposals = new ArrayList<>();
        int[] budget = {limits.maxTransforms()};
        int next = PayloadType.PROPOSAL.value();
        while (pr.hasRemaining()) {
            if (next != PayloadType.PROPOSAL.value()) {
                throw new CodecException(NotifyType.BAD_PROPOSAL_SYNTAX,
                        "proposal chain: next payload " + next + " inside an SA payload");
            }
            next = pr.u8("proposal next payload");
            pr.skip(1, "proposal reserved");
            int len = pr.u16("proposal length");
            if (len < 8) {
                throw new CodecException(NotifyType.BAD_PROPOSAL_SYNTAX, "proposal length " + len + " < 8");
            }
            proposals.add(Proposal.decodeBody(pr.slice(len - 4, "proposal"), limits, budget));
        }
        if (proposals.isEmpty()) {
            throw new CodecException(NotifyType.BAD_PROPOSAL_SYNTAX, "SA payload without proposal");
        }
        if (next != PayloadType.NONE.value()) {
            throw new CodecException(NotifyType.BAD_PROPOSAL_SYNTAX, "proposal chain not terminated");
        }
        r.skip(r.remaining(), "SA payload");
        return new SaPayload(doi, situation, proposals);
    }

    @Override
    public void encodeBody(PayloadWriter w) {
        w.u32(doi).u32(situation);
        for (int i = 0; i < proposals.size(); i++) {
            int start = w.size();
            w.u8(i + 1 < proposals.size() ? PayloadType.PROPOSAL.value() : 0).u8(0).u16(0);
            proposals.get(i).encodeBody(w);
            w.patchU16(start + 2, w.size() - start);
        }
    }
}
