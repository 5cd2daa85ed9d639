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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our signature code against a real RSA-signature Main Mode between two strongSwan 5.9.8
 * charons ({@code vectors/ikev1/cert-main.json}, made by
 * {@code src/test/interop-kat/generate.sh cert-main} with the harness's test PKI: the
 * vector holds the CA certificate and, inside the encrypted messages 5 and 6, both
 * charons' ID, CERT and SIG payloads; no private key).
 *
 * <p>The messages are decrypted with our own Keymat and IvManager from wire values and the
 * logged g^xy; HASH_I and HASH_R are computed by our Keymat from the wire; strongSwan's SIG
 * payloads must verify over them with the certificates strongSwan sent, and those
 * certificates must validate to the CA for the identities in the ID payloads.
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

    private static String json;
    private static X509Certificate ca;
    private static Side initiator;
    private static Side responder;
    private static byte[] hashI;
    private static byte[] hashR;
    private static byte[] crFromResponder;

    /** What one charon sent in its Main Mode message 5 or 6. */
    record Side(IkeIdentity identity, byte[] idBody, List<EncodedCertificate> certs, byte[] signature,
            List<byte[]> certRequests) {
        X509Certificate certificate() {
            return parse(certs.get(0).data());
        }
    }

    @BeforeAll
    static void replayMainMode() throws Exception {
        json = Files.readString(Path.of(StrongswanSignatureKnownAnswerTest.class
                .getResource("/vectors/ikev1/cert-main.json").toURI()), StandardCharsets.UTF_8);
        assertThat(field("auth")).isEqualTo("signature");
        assertThat(json).doesNotContain("PRIVATE KEY");
        ca = parse(bytes(field("ca_certificate")));

        List<byte[]> mm = mainModeMessages();
        assertThat(mm).hasSize(6);
        byte[] cookieI = Bytes.slice(mm.get(0), 0, 8);
        byte[] cookieR = Bytes.slice(mm.get(1), 8, 8);
        byte[] saiB = body(payloads(mm.get(0), 28, mm.get(0)[16]), SA);
        Map<Integer, List<byte[]>> m3 = payloads(mm.get(2), 28, mm.get(2)[16]);
        Map<Integer, List<byte[]>> m4 = payloads(mm.get(3), 28, mm.get(3)[16]);
        byte[] gxi = body(m3, KE);
        byte[] gxr = body(m4, KE);
        crFromResponder = body(m4, CR);

        String[] proposal = field("ike_proposal").split("/");
        assertThat(proposal[0]).isEqualTo("AES_CBC_128");
        HashAlgorithm hash = HashAlgorithm.valueOf(proposal[2].substring("PRF_HMAC_".length()));
        Keymat keymat = Keymat.forSignatures(hash, IkeCipher.AES_CBC_128, body(m3, NONCE), body(m4, NONCE),
                bytes(field("g_xy")), cookieI, cookieR);
        IvManager ivs = new IvManager(hash, IkeCipher.AES_CBC_128, gxi, gxr);

        initiator = side(decrypt(keymat, ivs, mm.get(4)));
        responder = side(decrypt(keymat, ivs, mm.get(5)));
        hashI = keymat.hashI(gxi, gxr, saiB, initiator.idBody());
        hashR = keymat.hashR(gxi, gxr, saiB, responder.idBody());
        assertThat(Hex.hex(hashI)).as("HASH_I (ours = strongSwan's)").isEqualTo(field("hash_i"));
        assertThat(Hex.hex(hashR)).as("HASH_R (ours = strongSwan's)").isEqualTo(field("hash_r"));
    }

    @Test
    void strongswansSigPayloadsVerifyOverOurHashIAndHashR() {
        Verifier left = Verifier.forKey(initiator.certificate().getPublicKey());
        Verifier right = Verifier.forKey(responder.certificate().getPublicKey());

        assertThat(left.scheme()).isEqualTo(SignatureScheme.RSA);
        assertThat(initiator.signature()).hasSize(256);
        assertThat(left.verify(hashI, initiator.signature())).as("SIG_I").isTrue();
        assertThat(right.verify(hashR, responder.signature())).as("SIG_R").isTrue();

        assertThat(left.verify(hashR, initiator.signature())).isFalse();
        assertThat(right.verify(hashR, initiator.signature())).isFalse();
        byte[] altered = responder.signature().clone();
        altered[17] ^= 0x40;
        assertThat(right.verify(hashR, altered)).isFalse();
    }

    @Test
    void strongswanSignsTheBareHashWithPkcs1TypeOnePadding() throws Exception {
        Cipher raw = Cipher.getInstance("RSA/ECB/NoPadding");
        raw.init(Cipher.DECRYPT_MODE, initiator.certificate().getPublicKey());
        byte[] block = raw.doFinal(initiator.signature());

        byte[] expected = new byte[256];
        Arrays.fill(expected, (byte) 0xff);
        expected[0] = 0;
        expected[1] = 1;
        expected[256 - hashI.length - 1] = 0;
        System.arraycopy(hashI, 0, expected, 256 - hashI.length, hashI.length);
        assertThat(Hex.hex(block)).as("no DigestInfo: 00 01 FF..FF 00 HASH_I").isEqualTo(Hex.hex(expected));
    }

    @Test
    void strongswansCertificatesValidateToTheirCaForTheIdentitiesSent() throws Exception {
        assertThat(initiator.identity()).hasToString("FQDN:left.interop.test");
        assertThat(responder.identity()).hasToString("FQDN:right.interop.test");
        // the day after the charons' certificates were issued
        Clock clock = Clock.fixed(ca.getNotBefore().toInstant().plus(Duration.ofDays(1)), ZoneOffset.UTC);
        PeerCertificateValidator validator = PeerCertificateValidator.builder().trustAnchor(ca).clock(clock).build();

        ValidatedPeer left = validator.validate(initiator.certs(), initiator.identity());
        ValidatedPeer right = validator.validate(responder.certs(), responder.identity());

        assertThat(left.chain()).containsExactly(initiator.certificate(), ca);
        assertThat(left.subject()).isEqualTo("CN=left.interop.test");
        left.verifySignature(SignatureScheme.RSA, hashI, initiator.signature());
        right.verifySignature(SignatureScheme.RSA, hashR, responder.signature());
        assertThat(left.sha256Fingerprint()).isEqualTo(Fingerprints.sha256(initiator.certs().get(0).data()));

        // the right certificate does not vouch for the left identity
        assertThatThrownBy(() -> validator.validate(responder.certs(), initiator.identity()))
                .isInstanceOfSatisfying(PeerAuthenticationException.class, e -> assertThat(e.getMessage()).isEqualTo(
                        "identity FQDN:left.interop.test not in certificate subjectAltName of peer certificate"
                                + " CN=right.interop.test (has DNS:right.interop.test)"));
        // and a validator trusting another CA refuses it in plain words
        PeerCertificateValidator gatewise = PeerCertificateValidator.builder()
                .trustAnchor(TestPki.rootCa("C=XX, O=Example, CN=Gatewise CA", "ec256-ca").certificate())
                .clock(clock).build();
        assertThatThrownBy(() -> gatewise.validate(initiator.certs(), initiator.identity()))
                .isInstanceOfSatisfying(PeerAuthenticationException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("peer certificate CN=left.interop.test was issued by"
                            + " CN=Gatewise Interop Test CA, not by the trusted CA CN=Gatewise CA");
                    assertThat(e.failure().notifyName()).isEqualTo("INVALID-CERT-AUTHORITY");
                });
    }

    @Test
    void ourCertificateRequestForTheirCaIsByteForByteStrongswans() {
        CertificateRequest ours = CertificateRequest.forCa(ca);
        byte[] crBody = Bytes.concat(new byte[] {(byte) ours.certType()}, ours.authority());

        assertThat(Hex.hex(crBody)).as("CR in message 4").isEqualTo(Hex.hex(crFromResponder));
        assertThat(initiator.certRequests()).as("CR in message 5").hasSize(1);
        assertThat(Hex.hex(initiator.certRequests().get(0))).isEqualTo(Hex.hex(crBody));
        CertificateRequest theirs = CertificateRequest.fromPayload(crFromResponder[0] & 0xff,
                Bytes.slice(crFromResponder, 1, crFromResponder.length - 1));
        assertThat(theirs).isEqualTo(ours);
        assertThat(theirs.names(initiator.certificate().getIssuerX500Principal())).isTrue();
    }

    // ---- vector plumbing -------------------------------------------------------------

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

    private static List<byte[]> mainModeMessages() {
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
    private static String field(String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\": \"([^\"]*)\"").matcher(json);
        assertThat(m.find()).as(key + " in cert-main.json").isTrue();
        return m.group(1);
    }

    static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

}
