package io.gatewise.agent.ike.keymat;

import static io.gatewise.agent.crypto.Hex.bytes;
import io.gatewise.agent.crypto.Hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewise.agent.crypto.Bytes;
import io.gatewise.agent.crypto.DhGroup;
import io.gatewise.agent.crypto.HashAlgorithm;
import io.gatewise.agent.crypto.IkeCipher;
import io.gatewise.agent.ipsec.EncryptionAlgorithm;
import io.gatewise.agent.ipsec.IntegrityAlgorithm;
import io.gatewise.agent.ipsec.IpsecProtocol;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our IKEv1 key derivation against strongSwan's, on real exchanges between two charons
 * (vectors made by {@code src/test/interop-kat/generate.sh}, described in
 * {@code src/test/resources/vectors/ikev1/README.md}).
 *
 * <p>Inputs come from the captured messages wherever they exist on the wire: cookies,
 * SAi_b, g^xi/g^xr, the nonces, ID payloads, Quick Mode SPIs, nonces and KE. Only the
 * secrets strongSwan logged (g^xy, g(qm)^xy) and the PSK come from elsewhere. Expected
 * values are strongSwan's logged SKEYID, SKEYID_d/a/e, Ka, initial IV, HASH_I/R and ESP
 * keys, and the HASH payloads strongSwan put into its encrypted messages: decrypting
 * every message with our Ka and our IV chain (Phase 1, Quick Mode, Informational) and
 * matching those hashes checks the IV rules of RFC 2409 Appendix B end to end.
 */
class StrongswanKnownAnswerTest {

    private static final int MAIN_MODE = 2;
    private static final int AGGRESSIVE_MODE = 4;
    private static final int INFORMATIONAL = 5;
    private static final int QUICK_MODE = 32;

    static Stream<Arguments> sas() throws IOException, URISyntaxException {
        Path dir = Path.of(StrongswanKnownAnswerTest.class.getResource("/vectors/ikev1").toURI());
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                Map<String, Object> vector = map(MiniJson.parse(Files.readString(file, StandardCharsets.UTF_8)));
                for (Map.Entry<String, Object> side : map(vector.get("sas")).entrySet()) {
                    for (Object sa : list(side.getValue())) {
                        out.add(Arguments.of(vector.get("name") + " (" + side.getKey() + ", "
                                + map(sa).get("role") + ")", vector, map(sa)));
                    }
                }
            }
        }
        assertThat(out).as("known-answer files in " + dir).hasSizeGreaterThanOrEqualTo(2);
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sas")
    void derivesWhatStrongswanDerived(String name, Map<String, Object> vector, Map<String, Object> sa)
            throws Exception {
        Replay replay = new Replay(vector, sa);
        replay.phase1();
        replay.laterExchanges();
        replay.ipsecKeys();
        assertThat(replay.quickModes).as("Quick Mode exchanges verified").isNotEmpty();
        if (hasInformational(vector)) {
            assertThat(replay.informationals).as("Informational exchanges verified").isPositive();
        }
    }

    private static boolean hasInformational(Map<String, Object> vector) {
        return list(vector.get("messages")).stream()
                .anyMatch(m -> ((Long) map(m).get("exchange_type")).intValue() == INFORMATIONAL);
    }

    /** One ISAKMP message from the capture. */
    record Message(String src, int exchangeType, int messageId, boolean encrypted, byte[] data) {
        int firstPayload() {
            return data[16] & 0xff;
        }

        byte[] body() {
            int length = ((data[24] & 0xff) << 24) | ((data[25] & 0xff) << 16) | ((data[26] & 0xff) << 8)
                    | (data[27] & 0xff);
            assertThat(length).as("ISAKMP length").isEqualTo(data.length);
            return Bytes.slice(data, 28, length - 28);
        }
    }

    /** Quick Mode values read from the wire, keyed by message id. */
    record QuickMode(int messageId, String initiator, int initiatorSpi, int responderSpi, byte[] nonceI,
            byte[] nonceR, boolean pfs) {
    }

    /** Replays one IKE SA of a vector, checking every derived value on the way. */
    static final class Replay {
        private final Map<String, Object> sa;
        private final String psk;
        private final List<Message> messages = new ArrayList<>();
        private final HashAlgorithm hash;
        private final IkeCipher cipher;
        private final DhGroup group;
        private Keymat keymat;
        private IvManager ivs;
        final Map<Integer, QuickMode> quickModes = new LinkedHashMap<>();
        int informationals;

        Replay(Map<String, Object> vector, Map<String, Object> sa) {
            this.sa = sa;
            this.psk = (String) vector.get("psk");
            byte[] cookieI = hex("cky_i");
            for (Object o : list(vector.get("messages"))) {
                Map<String, Object> m = map(o);
                byte[] data = bytes((String) m.get("data"));
                if (Bytes.constantTimeEquals(Bytes.slice(data, 0, 8), cookieI) && m.get("retransmission") == null) {
                    messages.add(new Message((String) m.get("src"), ((Long) m.get("exchange_type")).intValue(),
                            (int) Long.parseLong((String) m.get("message_id"), 16),
                            (Boolean) m.get("encrypted"), data));
                }
            }
            String[] ike = ((String) sa.get("ike_proposal")).split("/");
            this.cipher = ikeCipher(ike[0]);
            this.hash = hashOf(ike);
            this.group = DhGroup.valueOf(ike[ike.length - 1]);
        }

        private byte[] hex(String key) {
            Object v = sa.get(key);
            assertThat(v).as(key + " in the vector").isNotNull();
            return bytes((String) v);
        }

        void phase1() throws Exception {
            List<Message> p1 = messages.stream()
                    .filter(m -> m.exchangeType() == MAIN_MODE || m.exchangeType() == AGGRESSIVE_MODE).toList();
            assertThat(p1).as("Phase 1 messages").isNotEmpty();
            boolean main = p1.get(0).exchangeType() == MAIN_MODE;
            assertThat(p1).hasSize(main ? 6 : 3);
            byte[] cookieI = Bytes.slice(p1.get(0).data(), 0, 8);
            byte[] cookieR = Bytes.slice(p1.get(1).data(), 8, 8);
            assertThat(Hex.hex(cookieI)).isEqualTo(sa.get("cky_i"));
            assertThat(Hex.hex(cookieR)).isEqualTo(sa.get("cky_r"));

            WirePayloads m1 = WirePayloads.walk(p1.get(0).data(), 28, p1.get(0).firstPayload());
            WirePayloads keI = main ? WirePayloads.walk(p1.get(2).data(), 28, p1.get(2).firstPayload()) : m1;
            WirePayloads keR = WirePayloads.walk(p1.get(main ? 3 : 1).data(), 28, p1.get(main ? 3 : 1).firstPayload());
            byte[] saiB = m1.require(WirePayloads.SA).body();
            byte[] gxi = keI.require(WirePayloads.KE).body();
            byte[] gxr = keR.require(WirePayloads.KE).body();
            byte[] nonceI = keI.require(WirePayloads.NONCE).body();
            byte[] nonceR = keR.require(WirePayloads.NONCE).body();
            assertThat(Hex.hex(nonceI)).as("Ni_b").isEqualTo(sa.get("ni_b"));
            assertThat(Hex.hex(nonceR)).as("Nr_b").isEqualTo(sa.get("nr_b"));
            assertThat(gxi).hasSize(group.publicValueLength());
            // strongSwan's public values pass our peer checks (range / on the curve)
            group.newKeyPair(new SecureRandom()).sharedSecret(gxi);
            group.newKeyPair(new SecureRandom()).sharedSecret(gxr);

            byte[] gxy = hex("g_xy");
            assertThat(gxy).as("g^xy length").hasSize(group.sharedSecretLength());
            keymat = psk != null
                    ? Keymat.forPreSharedKey(hash, cipher, psk.getBytes(StandardCharsets.UTF_8), nonceI, nonceR, gxy,
                            cookieI, cookieR)
                    : Keymat.forSignatures(hash, cipher, nonceI, nonceR, gxy, cookieI, cookieR);
            expect("SKEYID", keymat.skeyid());
            expect("SKEYID_d", keymat.skeyidD());
            expect("SKEYID_a", keymat.skeyidA());
            expect("SKEYID_e", keymat.skeyidE());
            expect("Ka", keymat.encryptionKey());
            ivs = new IvManager(hash, cipher, gxi, gxr);
            expect("initial IV", ivs.iv(0));

            byte[] idiiB;
            byte[] idirB;
            byte[] sentHashI = null;
            byte[] sentHashR = null;
            if (main) {
                WirePayloads m5 = decrypt(p1.get(4));
                WirePayloads m6 = decrypt(p1.get(5));
                idiiB = m5.require(WirePayloads.ID).body();
                idirB = m6.require(WirePayloads.ID).body();
                sentHashI = m5.first(WirePayloads.HASH).map(WirePayloads.Payload::body).orElse(null);
                sentHashR = m6.first(WirePayloads.HASH).map(WirePayloads.Payload::body).orElse(null);
            } else {
                WirePayloads m2 = keR;
                idiiB = m1.require(WirePayloads.ID).body();
                idirB = m2.require(WirePayloads.ID).body();
                sentHashR = m2.first(WirePayloads.HASH).map(WirePayloads.Payload::body).orElse(null);
                Message m3 = p1.get(2);
                WirePayloads third = m3.encrypted() ? decrypt(m3)
                        : WirePayloads.walk(m3.data(), 28, m3.firstPayload());
                sentHashI = third.first(WirePayloads.HASH).map(WirePayloads.Payload::body).orElse(null);
            }
            byte[] cookies = Bytes.concat(cookieI, cookieR);
            byte[] cookiesR = Bytes.concat(cookieR, cookieI);
            assertThat(Hex.hex(Bytes.concat(gxi, gxr, cookies, saiB, idiiB))).as("HASH_I input assembled from the wire")
                    .isEqualTo(sa.get("hash_i_data"));
            assertThat(Hex.hex(Bytes.concat(gxr, gxi, cookiesR, saiB, idirB))).as("HASH_R input assembled from the wire")
                    .isEqualTo(sa.get("hash_r_data"));
            byte[] hashI = keymat.hashI(gxi, gxr, saiB, idiiB);
            byte[] hashR = keymat.hashR(gxi, gxr, saiB, idirB);
            expect("HASH_I", hashI);
            expect("HASH_R", hashR);
            if (psk != null) {
                assertThat(sentHashI).as("HASH_I payload on the wire").isEqualTo(hashI);
                assertThat(sentHashR).as("HASH_R payload on the wire").isEqualTo(hashR);
            }
        }

        /** Quick Mode and Informational exchanges, in capture order. */
        void laterExchanges() throws Exception {
            Map<Integer, List<WirePayloads>> qm = new LinkedHashMap<>();
            Map<Integer, List<Message>> qmMessages = new LinkedHashMap<>();
            for (Message m : messages) {
                if (m.exchangeType() == QUICK_MODE) {
                    assertThat(m.encrypted()).isTrue();
                    qm.computeIfAbsent(m.messageId(), k -> new ArrayList<>()).add(decrypt(m));
                    qmMessages.computeIfAbsent(m.messageId(), k -> new ArrayList<>()).add(m);
                } else if (m.exchangeType() == INFORMATIONAL && m.encrypted()) {
                    WirePayloads info = decrypt(m);
                    WirePayloads.Payload hashPayload = info.all().get(0);
                    assertThat(hashPayload.type()).as("Informational starts with HASH(1)").isEqualTo(WirePayloads.HASH);
                    byte[] afterHash = Bytes.slice(plaintextOf(m), hashPayload.end(), info.end() - hashPayload.end());
                    assertThat(Hex.hex(hashPayload.body())).as("Informational HASH(1) of M-ID %08x", m.messageId())
                            .isEqualTo(Hex.hex(keymat.informationalHash(m.messageId(), afterHash)));
                    ivs.remove(m.messageId());
                    informationals++;
                }
            }
            for (Map.Entry<Integer, List<WirePayloads>> e : qm.entrySet()) {
                int mid = e.getKey();
                List<WirePayloads> p = e.getValue();
                List<Message> raw = qmMessages.get(mid);
                assertThat(p).as("Quick Mode %08x messages", mid).hasSize(3);
                WirePayloads first = p.get(0);
                WirePayloads second = p.get(1);
                byte[] nonceI = first.require(WirePayloads.NONCE).body();
                byte[] nonceR = second.require(WirePayloads.NONCE).body();
                byte[] after1 = afterHash(raw.get(0), first);
                byte[] after2 = afterHash(raw.get(1), second);
                assertThat(Hex.hex(first.all().get(0).body())).as("HASH(1)")
                        .isEqualTo(Hex.hex(keymat.quickModeHash1(mid, after1)));
                assertThat(Hex.hex(second.all().get(0).body())).as("HASH(2)")
                        .isEqualTo(Hex.hex(keymat.quickModeHash2(mid, nonceI, after2)));
                assertThat(Hex.hex(p.get(2).require(WirePayloads.HASH).body())).as("HASH(3)")
                        .isEqualTo(Hex.hex(keymat.quickModeHash3(mid, nonceI, nonceR)));
                boolean pfs = first.first(WirePayloads.KE).isPresent();
                assertThat(second.first(WirePayloads.KE).isPresent()).isEqualTo(pfs);
                quickModes.put(mid, new QuickMode(mid, raw.get(0).src(),
                        WirePayloads.firstProposalSpi(first.require(WirePayloads.SA).body()),
                        WirePayloads.firstProposalSpi(second.require(WirePayloads.SA).body()), nonceI, nonceR, pfs));
                ivs.remove(mid);
            }
        }

        /** KEYMAT of every CHILD_SA strongSwan logged, matched to its Quick Mode by SPI. */
        void ipsecKeys() {
            List<Object> children = list(sa.get("children"));
            assertThat(children).as("CHILD_SAs").isNotEmpty();
            for (Object o : children) {
                Map<String, Object> child = map(o);
                int spiIn = (int) Long.parseLong((String) child.get("spi_in"), 16);
                int spiOut = (int) Long.parseLong((String) child.get("spi_out"), 16);
                QuickMode qm = quickModes.values().stream()
                        .filter(q -> (q.initiatorSpi() == spiIn && q.responderSpi() == spiOut)
                                || (q.initiatorSpi() == spiOut && q.responderSpi() == spiIn))
                        .findFirst().orElseThrow(() -> new AssertionError("no Quick Mode for " + child.get("name")));
                boolean weInitiated = "initiator".equals(child.get("qm_role"));
                assertThat(weInitiated ? qm.initiatorSpi() : qm.responderSpi()).as("our inbound SPI").isEqualTo(spiIn);
                String[] esp = ((String) child.get("esp_proposal")).split("/");
                EncryptionAlgorithm enc = espCipher(esp[0]);
                IntegrityAlgorithm integ = enc.isAead() ? null : IntegrityAlgorithm.valueOf(esp[1]);
                byte[] gqmxy = child.get("g_qm_xy") == null ? null : bytes((String) child.get("g_qm_xy"));
                assertThat(gqmxy != null).as("PFS secret logged iff KE payloads were sent").isEqualTo(qm.pfs());
                byte[] seedPrefix = gqmxy == null ? new byte[0] : gqmxy;
                assertThat(Hex.hex(Bytes.concat(seedPrefix, new byte[] {3}, Bytes.uint32(qm.responderSpi()),
                        qm.nonceI(), qm.nonceR()))).as("KEYMAT seed of the initiator-to-responder SA")
                        .isEqualTo(child.get("seed_initiator"));
                QuickModeKeys keys = keymat.quickModeKeys(IpsecProtocol.ESP, enc, integ, qm.initiatorSpi(),
                        qm.responderSpi(), gqmxy, qm.nonceI(), qm.nonceR());
                assertThat(keys.initiatorToResponder().spi()).isEqualTo(qm.responderSpi());
                assertThat(Hex.hex(keys.initiatorToResponder().encryptionKey())).as("ESP encryption key i->r")
                        .isEqualTo(child.get("encr_key_initiator"));
                assertThat(Hex.hex(keys.responderToInitiator().encryptionKey())).as("ESP encryption key r->i")
                        .isEqualTo(child.get("encr_key_responder"));
                if (integ != null) {
                    assertThat(Hex.hex(keys.initiatorToResponder().integrityKey())).as("ESP integrity key i->r")
                            .isEqualTo(child.get("integ_key_initiator"));
                    assertThat(Hex.hex(keys.responderToInitiator().integrityKey())).as("ESP integrity key r->i")
                            .isEqualTo(child.get("integ_key_responder"));
                }
                assertThat(keys.inbound(weInitiated).spi()).isEqualTo(spiIn);
                assertThat(keys.outbound(weInitiated).spi()).isEqualTo(spiOut);
                keys.destroy();
            }
        }

        private final Map<Message, byte[]> plaintexts = new LinkedHashMap<>();

        /** Decrypts with our Ka and our IV for the message id, then advances the chain. */
        private WirePayloads decrypt(Message m) throws Exception {
            byte[] body = m.body();
            byte[] plain = keymat.decrypt(ivs.iv(m.messageId()), body);
            WirePayloads payloads = WirePayloads.walk(plain, 0, m.firstPayload());
            assertThat(plain.length - payloads.end()).as("padding").isBetween(0, 255);
            ivs.update(m.messageId(), body);
            plaintexts.put(m, plain);
            return payloads;
        }

        private byte[] plaintextOf(Message m) {
            return plaintexts.get(m);
        }

        private byte[] afterHash(Message m, WirePayloads payloads) {
            WirePayloads.Payload hashPayload = payloads.all().get(0);
            assertThat(hashPayload.type()).as("Quick Mode starts with HASH").isEqualTo(WirePayloads.HASH);
            return Bytes.slice(plaintextOf(m), hashPayload.end(), payloads.end() - hashPayload.end());
        }

        private void expect(String what, byte[] actual) {
            String key = switch (what) {
                case "SKEYID" -> "skeyid";
                case "SKEYID_d" -> "skeyid_d";
                case "SKEYID_a" -> "skeyid_a";
                case "SKEYID_e" -> "skeyid_e";
                case "Ka" -> "ka";
                case "initial IV" -> "initial_iv";
                case "HASH_I" -> "hash_i";
                case "HASH_R" -> "hash_r";
                default -> throw new IllegalArgumentException(what);
            };
            assertThat(Hex.hex(actual)).as(what).isEqualTo(sa.get(key));
        }
    }

    static IkeCipher ikeCipher(String name) {
        return switch (name) {
            case "AES_CBC_128" -> IkeCipher.AES_CBC_128;
            case "AES_CBC_192" -> IkeCipher.AES_CBC_192;
            case "AES_CBC_256" -> IkeCipher.AES_CBC_256;
            case "3DES_CBC" -> IkeCipher.TRIPLE_DES_CBC;
            case "DES_CBC" -> IkeCipher.DES_CBC;
            default -> throw new IllegalArgumentException(name);
        };
    }

    static HashAlgorithm hashOf(String[] proposal) {
        for (String t : proposal) {
            if (t.startsWith("PRF_HMAC_")) {
                return HashAlgorithm.valueOf(t.substring("PRF_HMAC_".length()));
            }
        }
        throw new IllegalArgumentException(String.join("/", proposal));
    }

    static EncryptionAlgorithm espCipher(String name) {
        return name.equals("3DES_CBC") ? EncryptionAlgorithm.TRIPLE_DES_CBC : EncryptionAlgorithm.valueOf(name);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return (List<Object>) o;
    }
}
