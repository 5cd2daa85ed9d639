package io.gatewise.agent.ike.keymat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A minimal ISAKMP payload walker for the known-answer tests (the real codec lives in
 * {@code agent.isakmp.codec}; this test must not depend on it). RFC 2408 section 3.2:
 *
 * <pre>
 *  0                   1                   2                   3
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  ! Next Payload  !   RESERVED    !         Payload Length        !
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class WirePayloads {

    static final int SA = 1;
    static final int KE = 4;
    static final int ID = 5;
    static final int HASH = 8;
    static final int SIG = 9;
    static final int NONCE = 10;
    static final int DELETE = 12;
    static final int NOTIFY = 11;

    /** One payload: its type, its bytes with the generic header, and where it sits. */
    record Payload(int type, byte[] whole, int offset) {
        byte[] body() {
            return Arrays.copyOfRange(whole, 4, whole.length);
        }

        int end() {
            return offset + whole.length;
        }
    }

    private final List<Payload> payloads;
    /** Offset just after the last payload: anything beyond is CBC padding. */
    private final int end;

    private WirePayloads(List<Payload> payloads, int end) {
        this.payloads = payloads;
        this.end = end;
    }

    /** Walks the chain starting with {@code firstType} at {@code offset} of {@code data}. */
    static WirePayloads walk(byte[] data, int offset, int firstType) {
        List<Payload> list = new ArrayList<>();
        int type = firstType;
        int at = offset;
        while (type != 0) {
            if (at + 4 > data.length) {
                throw new IllegalArgumentException("payload header beyond the data at " + at);
            }
            int next = data[at] & 0xff;
            int length = ((data[at + 2] & 0xff) << 8) | (data[at + 3] & 0xff);
            if (length < 4 || at + length > data.length) {
                throw new IllegalArgumentException("payload " + type + " of length " + length + " at " + at
                        + " does not fit " + data.length + " bytes (wrong key or IV?)");
            }
            list.add(new Payload(type, Arrays.copyOfRange(data, at, at + length), at));
            at += length;
            type = next;
        }
        return new WirePayloads(list, at);
    }

    List<Payload> all() {
        return payloads;
    }

    Optional<Payload> first(int type) {
        return payloads.stream().filter(p -> p.type() == type).findFirst();
    }

    List<Payload> allOf(int type) {
        return payloads.stream().filter(p -> p.type() == type).toList();
    }

    Payload require(int type) {
        return first(type).orElseThrow(() -> new AssertionError("no payload of type " + type + " in "
                + payloads.stream().map(Payload::type).toList()));
    }

    int end() {
        return end;
    }

    /**
     * The SPI of the first proposal in an IPsec DOI SA payload body:
     * DOI(4) Situation(4) then Proposal: next(1) res(1) len(2) #(1) proto(1) spiSize(1) #transforms(1) SPI.
     */
    static int firstProposalSpi(byte[] saBody) {
        int p = 8;
        int spiSize = saBody[p + 6] & 0xff;
        if (spiSize != 4) {
            throw new IllegalArgumentException("SPI size " + spiSize);
        }
        return ((saBody[p + 8] & 0xff) << 24) | ((saBody[p + 9] & 0xff) << 16) | ((saBody[p + 10] & 0xff) << 8)
                | (saBody[p + 11] & 0xff);
    }
}
