package io.gatewise.agent.ike.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A data attribute of a transform, RFC 2408 section 3.3: basic (TV, AF=1, a two-octet
 * value) or variable (TLV, AF=0). The form seen on the wire is kept so that a decoded
 * transform re-encodes to the same bytes.
 *
 * <pre>
 * !A!       Attribute Type        !    AF=0  Attribute Length     !
 * !F!                             !    AF=1  Attribute Value      !
 * .                   AF=0  Attribute Value                       .
 * </pre>
 *
 * @param type  attribute class (15 bits)
 * @param basic true for the TV form
 * @param value the value bytes; exactly two for the basic form
 */
public record DataAttribute(int type, boolean basic, Bytes value) {
    static final int AF = 0x8000;

    public DataAttribute {
        Objects.requireNonNull(value, "value");
        if (type < 0 || type >= AF) {
            throw new IllegalArgumentException("attribute type out of range: " + type);
        }
        if (basic && value.length() != 2) {
            throw new IllegalArgumentException("basic attribute value must be two bytes");
        }
        if (!basic && value.length() > 0xffff) {
            throw new IllegalArgumentException("attribute value too long");
        }
    }

    public static DataAttribute basic(int type, int value) {
        return new DataAttribute(type, true, Bytes.ofInt(value & 0xffff, 2));
    }

    public static DataAttribute variable(int type, Bytes value) {
        return new DataAttribute(type, false, value);
    }

    /**
     * A numeric attribute in the shortest form: basic when it fits two octets (allowed
     * even for "V" classes, RFC 2409 Appendix A), otherwise four or eight bytes.
     */
    public static DataAttribute number(int type, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative attribute value");
        }
        if (value <= 0xffff) {
            return basic(type, (int) value);
        }
        return variable(type, Bytes.ofInt(value, value <= 0xffffffffL ? 4 : 8));
    }

    /** The value as an unsigned number, or empty if it does not fit 63 bits. */
    public OptionalLong numeric() {
        long v = 0;
        int n = value.length();
        for (int i = 0; i < n; i++) {
            if (i < n - 8) {
                if (value.get(i) != 0) {
                    return OptionalLong.empty();
                }
                continue;
            }
            v = (v << 8) | value.get(i);
        }
        return v < 0 ? OptionalLong.empty() : OptionalLong.of(v);
    }

    static DataAttribute decode(PayloadReader r) throws CodecException {
        int word = r.u16("attribute type");
        int type = word & ~AF;
        if ((word & AF) != 0) {
            return new DataAttribute(type, true, r.bytes(2, "basic attribute value"));
        }
        int len = r.u16("attribute length");
        return new DataAttribute(type, false, r.bytes(len, "attribute value"));
    }

    void encode(PayloadWriter w) {
        if (basic) {
            w.u16(AF | type).bytes(value);
        } else {
            w.u16(type).u16(value.length()).bytes(value);
        }
    }

    /** A list of attributes back to back, as in a RESPONDER-LIFETIME notification (RFC 2407 section 4.6.3.1). */
    public static Bytes encodeList(List<DataAttribute> attributes) {
        PayloadWriter w = new PayloadWriter();
        for (DataAttribute a : attributes) {
            a.encode(w);
        }
        return Bytes.of(w.toByteArray());
    }

    /** Decodes attributes back to back filling {@code data} exactly. */
    public static DecodeResult<List<DataAttribute>> decodeList(Bytes data) {
        byte[] b = data.toByteArray();
        PayloadReader r = PayloadReader.over(b, 0, b.length);
        List<DataAttribute> out = new ArrayList<>();
        try {
            while (r.hasRemaining()) {
                if (out.size() == DecodeLimits.DEFAULT.maxAttributes()) {
                    return DecodeResult.failure(NotifyType.PAYLOAD_MALFORMED, "too many attributes");
                }
                out.add(decode(r));
            }
        } catch (CodecException e) {
            return DecodeResult.failure(e);
        }
        return DecodeResult.ok(out);
    }

    /** Encoded size in bytes. */
    int encodedLength() {
        return basic ? 4 : 4 + value.length();
    }
}
