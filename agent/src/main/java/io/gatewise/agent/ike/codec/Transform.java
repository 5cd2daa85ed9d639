package io.gatewise.agent.ike.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Transform payload, RFC 2408 section 3.6; only ever nested in a {@link Proposal}.
 *
 * <pre>
 * ! Next Payload  !   RESERVED    !         Payload Length        !
 * !  Transform #  !  Transform-Id !           RESERVED2           !
 * ~                        SA Attributes                          ~
 * </pre>
 *
 * @param number      transform number within its proposal
 * @param transformId KEY_IKE (1) in phase 1; ESP/AH/IPCOMP transform ids in phase 2 (RFC 2407 section 4.4)
 */
public record Transform(int number, int transformId, List<DataAttribute> attributes) {
    /** The only phase 1 transform id (RFC 2407 section 4.4.2). */
    public static final int KEY_IKE = 1;

    public Transform {
        attributes = List.copyOf(attributes);
        checkOctet(number, "transform number");
        checkOctet(transformId, "transform id");
    }

    static void checkOctet(int v, String what) {
        if (v < 0 || v > 255) {
            throw new IllegalArgumentException(what + " out of range: " + v);
        }
    }

    /** The first attribute of the given class, if present. */
    public Optional<DataAttribute> attribute(int type) {
        for (DataAttribute a : attributes) {
            if (a.type() == type) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    static Transform decodeBody(PayloadReader r, DecodeLimits limits) throws CodecException {
        int number = r.u8("transform number");
        int id = r.u8("transform id");
        r.skip(2, "transform reserved");
        List<DataAttribute> attrs = new ArrayList<>();
        while (r.hasRemaining()) {
            if (attrs.size() == limits.maxAttributes()) {
                throw new CodecException(NotifyType.BAD_PROPOSAL_SYNTAX,
                        "more than " + limits.maxAttributes() + " attributes in a transform");
            }
            attrs.add(DataAttribute.decode(r));
        }
        return new Transform(number, id, attrs);
    }

    void encodeBody(PayloadWriter w) {
        w.u8(number).u8(transformId).u16(0);
        for (DataAttribute a : attributes) {
            a.encode(w);
        }
    }
}
