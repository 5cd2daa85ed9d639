package io.gatewise.agent.ike.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * A decoded payload chain together with the bytes it came from. Exchanges need those
 * bytes exactly as received: HASH_I/HASH_R cover the peer's SA payload body (SAi_b) and
 * ID body (IDii_b), and the Quick Mode hashes cover everything after the HASH payload
 * (RFC 2409 sections 5 and 5.5). Re-encoding could differ in reserved bits or attribute
 * forms, so the originals are kept.
 */
public final class DecodedPayloads {
    private final List<Payload> payloads;
    private final byte[] chain;          // the payload chain without padding
    private final int[] offsets;         // start of each payload's generic header in chain
    private final int paddingLength;

    DecodedPayloads(List<Payload> payloads, byte[] chain, int[] offsets, int paddingLength) {
        this.payloads = List.copyOf(payloads);
        this.chain = chain;
        this.offsets = offsets;
        this.paddingLength = paddingLength;
    }

    public List<Payload> payloads() {
        return payloads;
    }

    public int size() {
        return payloads.size();
    }

    public Payload get(int index) {
        return payloads.get(index);
    }

    /** The body of payload {@code index} as received, without its generic header. */
    public Bytes body(int index) {
        int start = offsets[index] + 4;
        int end = index + 1 < offsets.length ? offsets[index + 1] : chain.length;
        return Bytes.copyOf(chain, start, end - start);
    }

    /** The bytes from the generic header of payload {@code index} to the end of the chain. */
    public Bytes from(int index) {
        if (index == offsets.length) {
            return Bytes.EMPTY;
        }
        return Bytes.copyOf(chain, offsets[index], chain.length - offsets[index]);
    }

    /** The whole payload chain as received, padding excluded. */
    public Bytes chain() {
        return Bytes.of(chain);
    }

    /** Bytes after the last payload (padding of an encrypted body). */
    public int paddingLength() {
        return paddingLength;
    }

    public <T extends Payload> Optional<T> first(Class<T> type) {
        int i = indexOf(type);
        return i < 0 ? Optional.empty() : Optional.of(type.cast(payloads.get(i)));
    }

    /** Index of the first payload of the given class, or -1. */
    public int indexOf(Class<? extends Payload> type) {
        for (int i = 0; i < payloads.size(); i++) {
            if (type.isInstance(payloads.get(i))) {
                return i;
            }
        }
        return -1;
    }

    public <T extends Payload> List<T> all(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Payload p : payloads) {
            if (type.isInstance(p)) {
                out.add(type.cast(p));
            }
        }
        return out;
    }

    /** A payload chain decoded from nothing (a message with next payload NONE). */
    static DecodedPayloads empty() {
        return new DecodedPayloads(List.of(), new byte[0], new int[0], 0);
    }

    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(" ", "[ ", " ]");
        for (Payload p : payloads) {
            j.add(PayloadType.fromValue(p.typeValue()).map(PayloadType::shortName)
                    .orElse("#" + p.typeValue()));
        }
        return j.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecodedPayloads d && Arrays.equals(chain, d.chain) && payloads.equals(d.payloads);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(chain);
    }
}
