package io.gatewise.agent.ike.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
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
            byte[] b = Mutations.mutate(SEEDS, rnd);
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
        return Arbitraries.longs().map(seed -> Mutations.mutate(PLAIN_SEEDS, new Random(seed)));
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
}
