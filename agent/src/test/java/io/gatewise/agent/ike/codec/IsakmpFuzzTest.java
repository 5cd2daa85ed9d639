package io.gatewise.agent.ike.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Mutated strongSwan messages (truncation, bit flips, lying lengths, zero lengths that
 * would loop, spliced and repeated segments) must never make the codec throw: every
 * input yields a value or a typed failure, and whatever decodes re-encodes to something
 * that decodes to the same payloads. Bounded by the number of tries (a few seconds).
 */
class IsakmpFuzzTest {
    private static final List<byte[]> SEEDS = new ArrayList<>();
    private static final List<byte[]> PLAIN_SEEDS = new ArrayList<>();

    static {
        for (String sc : new String[] {"psk-main", "psk-aggr", "delete-run"}) {
            for (int f = 1; f < 20; f++) {
                if (Vectors.text(sc, String.format("%02d.hex", f)).isPresent()) {
                    byte[] m = Vectors.message(sc, f);
                    if ((m[19] & IsakmpHeader.FLAG_ENCRYPTION) == 0) {
                        SEEDS.add(m);         // encrypted ones are fuzzed as plain text bodies below
                    }
                    Vectors.plain(sc, f).ifPresent(PLAIN_SEEDS::add);
                }
            }
        }
    }

    private final IsakmpDecoder decoder = new IsakmpDecoder();

    @Provide
    Arbitrary<byte[]> mutatedMessages() {
        return Arbitraries.longs().map(seed -> {
            Random rnd = new Random(seed);
            byte[] b = mutate(SEEDS, rnd);
            if (b.length >= 28 && rnd.nextInt(4) != 0) {
                // mostly keep the header length honest, so the payload chain gets exercised
                setLength(b, b.length);
            }
            return b;
        });
    }

    private static void setLength(byte[] b, int v) {
        b[24] = (byte) (v >>> 24);
        b[25] = (byte) (v >>> 16);
        b[26] = (byte) (v >>> 8);
        b[27] = (byte) v;
    }

    @Provide
    Arbitrary<byte[]> mutatedBodies() {
        return Arbitraries.longs().map(seed -> mutate(PLAIN_SEEDS, new Random(seed)));
    }

    @Property(tries = 20000)
    void mutatedDatagramsNeverThrow(@ForAll("mutatedMessages") byte[] datagram) {
        DecodeResult<RawMessage> raw = decoder.decodeHeader(datagram);
        DecodeResult<IsakmpMessage> full = decoder.decode(datagram);
        Statistics.label("outcome").collect(full.isOk() ? "decoded" : full.failure().notifyType().rfcName());
        if (full.isOk()) {
            IsakmpMessage m = full.value();
            checkRulesQuietly(m.header().exchangeType(), m.payloads(), false);
            byte[] again = IsakmpEncoder.encode(m.header(), m.payloads().payloads());
            assertThat(decoder.decode(again).value().payloads().payloads()).isEqualTo(m.payloads().payloads());
        } else if (raw.isOk() && raw.value().header().isEncrypted()) {
            assertThat(raw.value().body().length()).isPositive();
        }
    }

    @Property(tries = 10000)
    void mutatedPlainBodiesNeverThrow(@ForAll("mutatedBodies") byte[] body,
            @ForAll("firstPayloads") int first) {
        DecodeResult<DecodedPayloads> r = decoder.decodePayloads(first, body, true);
        Statistics.label("outcome").collect(r.isOk() ? "decoded" : r.failure().notifyType().rfcName());
        if (r.isOk()) {
            DecodedPayloads p = r.value();
            checkRulesQuietly(ExchangeType.QUICK_MODE, p, true);
            checkRulesQuietly(ExchangeType.INFORMATIONAL, p, true);
            byte[] again = IsakmpEncoder.encodePayloads(p.payloads());
            assertThat(decoder.decodePayloads(first, again, false).value().payloads()).isEqualTo(p.payloads());
            for (int i = 0; i < p.size(); i++) {
                assertThat(p.body(i).length()).isLessThan(p.from(i).length());
            }
        } else {
            assertThat(r.failure().reason()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<Integer> firstPayloads() {
        return Arbitraries.of(0, 1, 2, 5, 8, 11, 12, 13, 20, 21, 130, 132, 200);
    }

    private static void checkRulesQuietly(ExchangeType exchange, DecodedPayloads payloads, boolean encrypted) {
        try {
            MessageRules.check(exchange, MessageRules.Sender.INITIATOR, encrypted, payloads);
        } catch (CodecException expected) {
            assertThat(expected.notifyType()).isNotNull();
        }
    }

    /** One to six mutations of a random seed message. */
    static byte[] mutate(List<byte[]> seeds, Random rnd) {
        byte[] b = seeds.get(rnd.nextInt(seeds.size())).clone();
        int n = 1 + rnd.nextInt(6);
        for (int i = 0; i < n && b.length > 0; i++) {
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(8)) {
                case 0 -> b = Arrays.copyOf(b, at);                                   // truncation
                case 1 -> b[at] ^= (byte) (1 << rnd.nextInt(8));                       // bit flip
                case 2 -> {                                                            // a 16-bit length lies
                    if (at + 1 < b.length) {
                        int v = rnd.nextBoolean() ? rnd.nextInt(65536) : rnd.nextInt(8);
                        b[at] = (byte) (v >>> 8);
                        b[at + 1] = (byte) v;
                    }
                }
                case 3 -> {                                                            // header length lies
                    if (b.length >= 28) {
                        setLength(b, b.length + rnd.nextInt(9) - 4);
                    }
                }
                case 4 -> b[at] = (byte) rnd.nextInt(256);                             // next-payload / type
                case 5 -> {                                                            // repeat a segment
                    int len = Math.min(b.length - at, 1 + rnd.nextInt(64));
                    byte[] out = new byte[b.length + len];
                    System.arraycopy(b, 0, out, 0, at + len);
                    System.arraycopy(b, at, out, at + len, b.length - at);
                    b = out;
                }
                case 6 -> {                                                            // zero length (loop)
                    if (at + 3 < b.length) {
                        b[at + 2] = 0;
                        b[at + 3] = 0;
                    }
                }
                default -> {                                                           // append garbage
                    byte[] tail = new byte[rnd.nextInt(40)];
                    rnd.nextBytes(tail);
                    byte[] out = Arrays.copyOf(b, b.length + tail.length);
                    System.arraycopy(tail, 0, out, b.length, tail.length);
                    b = out;
                }
            }
        }
        return b;
    }
}
