package io.gatewise.agent.ike.auth;

import static io.gatewise.agent.crypto.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewise.agent.crypto.Bytes;
import io.gatewise.agent.crypto.HashAlgorithm;
import io.gatewise.agent.crypto.Hex;
import io.gatewise.agent.crypto.IkeCipher;
import io.gatewise.agent.ike.keymat.IvManager;
import io.gatewise.agent.ike.keymat.Keymat;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our signature code against real signature-authenticated Main Modes between two
 * strongSwan 5.9.8 charons, made by {@code src/test/interop-kat/generate.sh} with
 * throwaway test PKIs (the vectors hold the CA certificate and, inside the encrypted
 * messages 5 and 6, both charons' ID, CERT and SIG payloads; no private key):
 *
 * <ul>
 *   <li>{@code cert-main.json}: RSA signatures (method 3), RSA 2048 PKI of the harness,
 *       FQDN identities, HMAC-SHA1 PRF;</li>
 *   <li>{@code kat-ecdsa.json}: ECDSA-256 signatures (method 9), EC P-256 PKI shaped like
 *       the Gatewise CA's, left identified by its subject DN, right by FQDN, HMAC-SHA2-256.</li>
 * </ul>
 *
 * The messages are decrypted with our own Keymat and IvManager from wire values and the
 * logged g^xy; HASH_I and HASH_R are computed by our Keymat; strongSwan's SIG payloads
 * must verify over them with the certificates strongSwan sent, and those certificates
 * must validate to the CA for the identities in the ID payloads.
 */
class StrongswanSignatureKnownAnswerTest {

    private static final int MAIN_MODE = 2;
    private static final int SA = 1;
    private static final int KE = 4;
    private static final int ID = 5;
    private static final int CERT = 6;
    private static final int CR = 7;
    private static final int SIG = 9;
    private static final int NONCE = 10;

    private static final Map<String, Replay> REPLAYS = new ConcurrentHashMap<>();

    /** What one charon sent in its Main Mode message 5 or 6. */
    record Side(IkeIdentity identity, byte[] idBody, List<EncodedCertificate> certs, byte[] signature,
            List<byte[]> certRequests) {
        X509Certificate certificate() {
            return parse(certs.get(0).data());
        }

        byte[] sig() {
            return signature.clone();
        }
    }

    /** One vector's Main Mode, replayed with our keymat. */
    record Replay(X509Certificate ca, Side initiator, Side responder, byte[] hashI, byte[] hashR,
            byte[] crFromResponder, SignatureScheme negotiated) {
    }

    static Replay replay(String name) {
        return REPLAYS.computeIfAbsent(name, StrongswanSignatureKnownAnswerTest::load);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cert-main", "kat-ecdsa"})
    void strongswansSigPayloadsVerifyOverOurHashIAndHashR(String vector) {
        Replay r = replay(vector);
        Verifier left = Verifier.forKey(r.initiator().certificate().getPublicKey());
        Verifier right = Verifier.forKey(r.responder().certificate().getPublicKey());

        assertThat(left.scheme()).isEqualTo(r.negotiated());
        assertThat(left.verify(r.hashI(), r.initiator().sig())).as("SIG_I").isTrue();
        assertThat(right.verify(r.hashR(), r.responder().sig())).as("SIG_R").isTrue();

        assertThat(left.verify(r.hashR(), r.initiator().sig())).isFalse();
        assertThat(right.verify(r.hashR(), r.initiator().sig())).isFalse();
        byte[] altered = r.responder().sig();
        altered[17] ^= 0x40;
        assertThat(right.verify(r.hashR(), altered)).isFalse();
    }

    @Test
    void strongswanSignsTheBareRsaHashWithPkcs1TypeOnePadding() throws Exception {
        Replay r = replay("cert-main");
        assertThat(r.initiator().signature()).hasSize(256);
        Cipher raw = Cipher.getInstance("RSA/ECB/NoPadding");
        raw.init(Cipher.DECRYPT_MODE, r.initiator().certificate().getPublicKey());
        byte[] block = raw.doFinal(r.initiator().sig());

        byte[] expected = new byte[256];
        Arrays.fill(expected, (byte) 0xff);
        expected[0] = 0;
        expected[1] = 1;
        expected[256 - r.hashI().length - 1] = 0;
        System.arraycopy(r.hashI(), 0, expected, 256 - r.hashI().length, r.hashI().length);
        assertThat(Hex.hex(block)).as("no DigestInfo: 00 01 FF..FF 00 HASH_I").isEqualTo(Hex.hex(expected));
    }

    @Test
    void strongswanSignsTheBareEcdsaHashAsRAndS() throws Exception {
        Replay r = replay("kat-ecdsa");
        assertThat(r.initiator().signature()).as("r | s, 32 bytes each").hasSize(64);

        Signature raw = Signature.getInstance("NONEwithECDSAinP1363Format");
        raw.initVerify(r.initiator().certificate().getPublicKey());
        raw.update(r.hashI());
        assertThat(raw.verify(r.initiator().sig())).as("ECDSA over HASH_I itself").isTrue();
        Signature hashedAgain = Signature.getInstance("SHA256withECDSAinP1363Format");
        hashedAgain.initVerify(r.initiator().certificate().getPublicKey());
        hashedAgain.update(r.hashI());
        assertThat(hashedAgain.verify(r.initiator().sig())).as("not over SHA-256(HASH_I)").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cert-main", "kat-ecdsa"})
    void strongswansCertificatesValidateToTheirCaForTheIdentitiesSent(String vector) throws Exception {
        Replay r = replay(vector);
        // the day after the charons' certificates were issued
        Clock clock = Clock.fixed(r.ca().getNotBefore().toInstant().plus(Duration.ofDays(1)), ZoneOffset.UTC);
        PeerCertificateValidator validator = PeerCertificateValidator.builder().trustAnchor(r.ca()).clock(clock)
                .build();

        ValidatedPeer left = validator.validate(r.initiator().certs(), r.initiator().identity());
        ValidatedPeer right = validator.validate(r.responder().certs(), r.responder().identity());

        assertThat(left.chain()).containsExactly(r.initiator().certificate(), r.ca());
        assertThat(left.subject()).isEqualTo("CN=left.interop.test");
        left.verifySignature(r.negotiated(), r.hashI(), r.initiator().sig());
        right.verifySignature(r.negotiated(), r.hashR(), r.responder().sig());
        assertThat(left.sha256Fingerprint()).isEqualTo(Fingerprints.sha256(r.initiator().certs().get(0).data()));

        // the right certificate does not vouch for the left identity
        assertThatThrownBy(() -> validator.validate(r.responder().certs(), r.initiator().identity()))
                .isInstanceOfSatisfying(PeerAuthenticationException.class, e -> assertThat(e.failure().kind())
                        .isEqualTo(AuthFailure.Kind.IDENTITY_MISMATCH));
        // and a validator trusting another CA refuses it in plain words
        PeerCertificateValidator gatewise = PeerCertificateValidator.builder()
                .trustAnchor(TestPki.rootCa("C=XX, O=Example, CN=Gatewise CA", "ec256-ca").certificate())
                .clock(clock).build();
        assertThatThrownBy(() -> gatewise.validate(r.initiator().certs(), r.initiator().identity()))
                .isInstanceOfSatisfying(PeerAuthenticationException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("peer certificate CN=left.interop.test was issued by "
                            + CertificateNames.subject(r.ca()) + ", not by the trusted CA CN=Gatewise CA");
                    assertThat(e.failure().notifyName()).isEqualTo("INVALID-CERT-AUTHORITY");
                });
    }

    @Test
    void identitiesAreTheOnesConfigured() {
        assertThat(replay("cert-main").initiator().identity()).hasToString("FQDN:left.interop.test");
        assertThat(replay("cert-main").responder().identity()).hasToString("FQDN:right.interop.test");
        IkeIdentity dn = replay("kat-ecdsa").initiator().identity();
        assertThat(dn).hasToString("DN:C=XX, O=gatewise-interop, CN=left.interop.test");
        assertThat(dn.data()).as("strongSwan's ID_DER_ASN1_DN is the certificate subject's DER")
                .isEqualTo(replay("kat-ecdsa").initiator().certificate().getSubjectX500Principal().getEncoded());
        assertThatThrownBy(() -> CertificateIdentity.check(replay("kat-ecdsa").responder().certificate(), dn))
                .hasMessage("identity DN:C=XX, O=gatewise-interop, CN=left.interop.test is not the subject of peer"
                        + " certificate CN=right.interop.test (subject DN:C=XX, O=gatewise-interop,"
                        + " CN=right.interop.test)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cert-main", "kat-ecdsa"})
    void ourCertificateRequestForTheirCaIsByteForByteStrongswans(String vector) {
        Replay r = replay(vector);
        CertificateRequest ours = CertificateRequest.forCa(r.ca());
        byte[] crBody = Bytes.concat(new byte[] {(byte) ours.certType()}, ours.authority());

        assertThat(Hex.hex(crBody)).as("CR in message 4").isEqualTo(Hex.hex(r.crFromResponder()));
        assertThat(r.initiator().certRequests()).as("CR in message 5").hasSize(1);
        assertThat(Hex.hex(r.initiator().certRequests().get(0))).isEqualTo(Hex.hex(crBody));
        CertificateRequest theirs = CertificateRequest.fromPayload(r.crFromResponder()[0] & 0xff,
                Bytes.slice(r.crFromResponder(), 1, r.crFromResponder().length - 1));
        assertThat(theirs).isEqualTo(ours);
        assertThat(theirs.names(r.initiator().certificate().getIssuerX500Principal())).isTrue();
    }

    // ---- vector plumbing -------------------------------------------------------------

    private static Replay load(String name) {
        try {
            String json = Files.readString(Path.of(StrongswanSignatureKnownAnswerTest.class
                    .getResource("/vectors/ikev1/" + name + ".json").toURI()), StandardCharsets.UTF_8);
            assertThat(field(json, "auth")).isEqualTo("signature");
            assertThat(json).doesNotContain("PRIVATE KEY");
            X509Certificate ca = parse(bytes(field(json, "ca_certificate")));

            List<byte[]> mm = mainModeMessages(json);
            assertThat(mm).hasSize(6);
            byte[] cookieI = Bytes.slice(mm.get(0), 0, 8);
            byte[] cookieR = Bytes.slice(mm.get(1), 8, 8);
            byte[] saiB = body(payloads(mm.get(0), 28, mm.get(0)[16]), SA);
            Map<Integer, List<byte[]>> m3 = payloads(mm.get(2), 28, mm.get(2)[16]);
            Map<Integer, List<byte[]>> m4 = payloads(mm.get(3), 28, mm.get(3)[16]);
            byte[] gxi = body(m3, KE);
            byte[] gxr = body(m4, KE);

            String[] proposal = field(json, "ike_proposal").split("/");
            assertThat(proposal[0]).isEqualTo("AES_CBC_128");
            HashAlgorithm hash = HashAlgorithm.valueOf(proposal[2].substring("PRF_HMAC_".length()));
            Keymat keymat = Keymat.forSignatures(hash, IkeCipher.AES_CBC_128, body(m3, NONCE), body(m4, NONCE),
                    bytes(field(json, "g_xy")), cookieI, cookieR);
            IvManager ivs = new IvManager(hash, IkeCipher.AES_CBC_128, gxi, gxr);

            Side initiator = side(decrypt(keymat, ivs, mm.get(4)));
            Side responder = side(decrypt(keymat, ivs, mm.get(5)));
            byte[] hashI = keymat.hashI(gxi, gxr, saiB, initiator.idBody());
            byte[] hashR = keymat.hashR(gxi, gxr, saiB, responder.idBody());
            assertThat(Hex.hex(hashI)).as("HASH_I (ours = strongSwan's)").isEqualTo(field(json, "hash_i"));
            assertThat(Hex.hex(hashR)).as("HASH_R (ours = strongSwan's)").isEqualTo(field(json, "hash_r"));
            return new Replay(ca, initiator, responder, hashI, hashR, body(m4, CR),
                    SignatureScheme.forKey(ca.getPublicKey()));
        } catch (Exception e) {
            throw new IllegalStateException(name + ": " + e, e);
        }
    }

    private static Side side(Map<Integer, List<byte[]>> payloads) {
        byte[] idBody = body(payloads, ID);
        // ID payload body: ID type(1) protocol(1) port(2) identification data
        IkeIdentity identity = IkeIdentity.fromPayload(idBody[0] & 0xff, Bytes.slice(idBody, 4, idBody.length - 4));
        List<EncodedCertificate> certs = new ArrayList<>();
        for (byte[] cert : payloads.getOrDefault(CERT, List.of())) {
            byte[] b = Bytes.slice(cert, 4, cert.length - 4);
            certs.add(new EncodedCertificate(b[0] & 0xff, Bytes.slice(b, 1, b.length - 1)));
        }
        List<byte[]> crs = payloads.getOrDefault(CR, List.of()).stream()
                .map(p -> Bytes.slice(p, 4, p.length - 4)).toList();
        return new Side(identity, idBody, certs, body(payloads, SIG), crs);
    }

    private static Map<Integer, List<byte[]>> decrypt(Keymat keymat, IvManager ivs, byte[] message) throws Exception {
        byte[] ciphertext = Bytes.slice(message, 28, message.length - 28);
        byte[] plain = keymat.decrypt(ivs.iv(0), ciphertext);
        ivs.update(0, ciphertext);
        return payloads(plain, 0, message[16]);
    }

    /** Payloads (with generic header) by type, walking the chain (RFC 2408 section 3.2). */
    private static Map<Integer, List<byte[]>> payloads(byte[] data, int offset, int firstType) {
        Map<Integer, List<byte[]>> out = new TreeMap<>();
        int type = firstType & 0xff;
        int at = offset;
        while (type != 0) {
            int length = ((data[at + 2] & 0xff) << 8) | (data[at + 3] & 0xff);
            assertThat(length).as("payload length").isBetween(4, data.length - at);
            out.computeIfAbsent(type, k -> new ArrayList<>()).add(Bytes.slice(data, at, length));
            type = data[at] & 0xff;
            at += length;
        }
        return out;
    }

    private static byte[] body(Map<Integer, List<byte[]>> payloads, int type) {
        assertThat(payloads).as("payload %d among %s", type, payloads.keySet()).containsKey(type);
        byte[] p = payloads.get(type).get(0);
        return Bytes.slice(p, 4, p.length - 4);
    }

    private static List<byte[]> mainModeMessages(String json) {
        List<byte[]> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\{[^{}]*\"exchange_type\": (\\d+)[^{}]*\"data\": \"([0-9a-f]+)\"[^{}]*\\}")
                .matcher(json);
        while (m.find()) {
            if (Integer.parseInt(m.group(1)) == MAIN_MODE && !m.group().contains("\"retransmission\"")) {
                out.add(bytes(m.group(2)));
            }
        }
        return out;
    }

    /** The first string value of a key (the left and right SA agree on all we read). */
    private static String field(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\": \"([^\"]*)\"").matcher(json);
        assertThat(m.find()).as(key + " in the vector").isTrue();
        return m.group(1);
    }

    static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }
}
