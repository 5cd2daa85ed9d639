package io.gatewise.agent.ike.auth;

import static io.gatewise.agent.ike.EngineFixtures.LEFT;
import static io.gatewise.agent.ike.EngineFixtures.RIGHT;
import static io.gatewise.agent.ike.EngineFixtures.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.gatewise.agent.ike.EngineFixtures;
import io.gatewise.agent.ike.FakeNetwork;
import io.gatewise.agent.ike.codec.ExchangeType;
import io.gatewise.agent.ike.codec.IdentificationPayload;
import io.gatewise.agent.ike.codec.IsakmpDecoder;
import io.gatewise.agent.ike.codec.IsakmpEncoder;
import io.gatewise.agent.ike.codec.Payload;
import io.gatewise.agent.ike.codec.RawMessage;
import io.gatewise.agent.ike.codec.SignaturePayload;
import io.gatewise.agent.ike.config.CertificateAuth;
import io.gatewise.agent.ike.config.Identity;
import io.gatewise.agent.ike.config.PeerConfig;
import io.gatewise.agent.ike.config.Phase1Mode;
import io.gatewise.agent.ike.event.ChildSaEstablished;
import io.gatewise.agent.ike.event.IkeSaEstablished;
import io.gatewise.agent.ike.event.IkeSaFailed;
import io.gatewise.agent.ike.transport.Datagram;

/**
 * Two engines authenticate Phase 1 with certificates minted here (RSA 2048 and EC P-256,
 * one CA), in Main Mode and Aggressive Mode, and with a pre-shared key in Aggressive
 * Mode; and every bad certificate or signature is refused with the notification RFC 2408
 * assigns and the validator's plain reason.
 */
class EnginePhase1AuthTest {
    private static final String PSK = "interop-test-psk-0123456789";
    private static final String IKE = "aes128-sha256-modp2048";

    /** One PKI per key type: CA, left and right certificates with FQDN, IP and DN identities. */
    private record Pki(TestPki.Issued ca, TestPki.Issued left, TestPki.Issued right) {
        static Pki of(String keyType) {
            TestPki.Issued ca = TestPki.rootCa("C=XX, O=Gatewise, CN=Gatewise Test CA " + keyType, keyType + "-ca");
            TestPki.Issued left = TestPki.cert("C=XX, O=Gatewise, CN=left.example").key(keyType + "-left")
                    .dns("left.example").ip("192.0.2.1").issuedBy(ca);
            TestPki.Issued right = TestPki.cert("C=XX, O=Gatewise, CN=right.example").key(keyType + "-right")
                    .dns("right.example").ip("192.0.2.2").issuedBy(ca);
            return new Pki(ca, left, right);
        }
    }

    private static LocalCredentials credentials(TestPki.Issued cert) throws CredentialException {
        String key = cert.privateKey().getAlgorithm().equals("EC") ? TestPki.sec1Pem(cert.keyPair())
                : TestPki.pem(cert.privateKey());
        return LocalCredentials.fromPem(TestPki.pem(cert.certificate()), key, null);
    }

    private static CertificateAuth auth(TestPki.Issued own, TestPki.Issued trusted) throws CredentialException {
        return CertificateAuth.of(credentials(own), PeerCertificateValidator.builder()
                .trustAnchor(trusted.certificate()).clock(TestPki.CLOCK).build());
    }

    private static Identity id(String kind, TestPki.Issued cert, String name, String address) {
        return switch (kind) {
            case "fqdn" -> Identity.fqdn(name);
            case "ip" -> Identity.address(EngineFixtures.addr(address));
            case "dn" -> Identity.distinguishedName(cert.certificate().getSubjectX500Principal());
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static PeerConfig leftPeer(Phase1Mode mode) {
        return EngineFixtures.leftPeer(IKE, "aes128-sha1", PSK).withMode(mode);
    }

    private static PeerConfig rightPeer(Phase1Mode mode) {
        return EngineFixtures.rightPeer(IKE, "aes128-sha1", PSK).withMode(mode);
    }

    private record Pair(FakeNetwork net, FakeNetwork.Node left, FakeNetwork.Node right) {
        void run() {
            left.engine.initiate("right", null, net.now());
            net.run();
            // a lost or refused exchange ends in retransmissions and a timeout
            net.advanceInSteps(SETTINGS.halfOpenTimeoutMillis() + 1000, 1000);
        }
    }

    private static Pair pair(PeerConfig leftPeer, PeerConfig rightPeer) {
        FakeNetwork net = new FakeNetwork();
        FakeNetwork.Node left = net.add(LEFT, SETTINGS, 1);
        FakeNetwork.Node right = net.add(RIGHT, SETTINGS, 2);
        left.engine.addPeer(leftPeer);
        right.engine.addPeer(rightPeer);
        return new Pair(net, left, right);
    }

    private static void assertEstablished(Pair p, String leftSeesRight, String rightSeesLeft) {
        assertThat(p.left.events(IkeSaFailed.class)).isEmpty();
        assertThat(p.right.events(IkeSaFailed.class)).isEmpty();
        IkeSaEstablished l = p.left.events(IkeSaEstablished.class).get(0);
        IkeSaEstablished r = p.right.events(IkeSaEstablished.class).get(0);
        assertThat(l.remoteId()).isEqualTo(leftSeesRight);
        assertThat(r.remoteId()).isEqualTo(rightSeesLeft);
        ChildSaEstablished lc = p.left.events(ChildSaEstablished.class).get(0);
        ChildSaEstablished rc = p.right.events(ChildSaEstablished.class).get(0);
        assertThat(lc.spiIn()).isEqualTo(rc.spiOut());
        assertThat(lc.spiOut()).isEqualTo(rc.spiIn());
        assertThat(p.left.backend.sas()).hasSize(2);
        assertThat(p.right.backend.sas()).hasSize(2);
        for (var a : p.left.backend.sas()) {
            assertThat(p.right.backend.sa(a.spec().id().spi()).orElseThrow().encryptionKey())
                    .isEqualTo(a.encryptionKey());
        }
    }

    @ParameterizedTest(name = "{0} {1} with {2} identities")
    @CsvSource({
            "MAIN, rsa2048, fqdn", "MAIN, rsa2048, dn", "MAIN, rsa2048, ip",
            "MAIN, ec256, fqdn", "MAIN, ec256, dn", "MAIN, ec256, ip",
            "AGGRESSIVE, rsa2048, fqdn", "AGGRESSIVE, ec256, dn"})
    void signaturesEstablishBothPhases(Phase1Mode mode, String keyType, String idKind) throws Exception {
        Pki pki = Pki.of(keyType);
        Identity leftId = id(idKind, pki.left(), "left.example", "192.0.2.1");
        Identity rightId = id(idKind, pki.right(), "right.example", "192.0.2.2");
        PeerConfig l = leftPeer(mode).withIdentities(leftId, rightId).withCertificates(auth(pki.left(), pki.ca()));
        PeerConfig r = rightPeer(mode).withIdentities(rightId, leftId).withCertificates(auth(pki.right(), pki.ca()));
        assertThat(l.warnings()).isEmpty();
        Pair p = pair(l, r);
        p.run();
        assertEstablished(p, rightId.toString(), leftId.toString());
        // the audit learns how each side authenticated and which certificate it saw
        IkeSaEstablished seenByLeft = p.left.events(IkeSaEstablished.class).get(0);
        assertThat(seenByLeft.mode()).isEqualTo(mode == Phase1Mode.MAIN ? "main" : "aggressive");
        assertThat(seenByLeft.authMethod()).isEqualTo(keyType.startsWith("rsa") ? "rsa-sig" : "ecdsa-256");
        assertThat(seenByLeft.peerCertificateSha256()).matches("[0-9a-f]{64}")
                .isNotEqualTo(p.right.events(IkeSaEstablished.class).get(0).peerCertificateSha256());
        ExchangeType expected = mode == Phase1Mode.MAIN ? ExchangeType.IDENTITY_PROTECTION : ExchangeType.AGGRESSIVE;
        assertThat(p.net.wire()).anySatisfy(d -> assertThat(header(d).exchangeType()).isEqualTo(expected));
        assertThat(p.net.wire()).noneSatisfy(d -> assertThat(header(d).exchangeType())
                .isEqualTo(mode == Phase1Mode.MAIN ? ExchangeType.AGGRESSIVE : ExchangeType.IDENTITY_PROTECTION));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"MAIN", "AGGRESSIVE"})
    void certificateMessagesTooLargeForA1280ByteDatagramAreSentAsIkeFragments(Phase1Mode mode) throws Exception {
        // RSA-4096: certificate and signature alone exceed what fits unfragmented
        Pki pki = Pki.of("rsa4096");
        Identity leftId = Identity.fqdn("left.example");
        Identity rightId = Identity.fqdn("right.example");
        PeerConfig l = leftPeer(mode).withIdentities(leftId, rightId).withCertificates(auth(pki.left(), pki.ca()));
        PeerConfig r = rightPeer(mode).withIdentities(rightId, leftId).withCertificates(auth(pki.right(), pki.ca()));
        Pair p = pair(l, r);
        p.run();
        assertEstablished(p, "right.example", "left.example");

        int limit = io.gatewise.agent.ike.v1.MessageFragmenter.MAX_IP_DATAGRAM - 20 - 8;
        assertThat(p.net.wire()).allSatisfy(d -> assertThat(d.data().length).isLessThanOrEqualTo(limit));
        // both sides' certificate messages went out in fragments and were put back together
        assertThat(p.net.wire()).anySatisfy(d -> {
            assertThat(d.local().getAddress()).isEqualTo(LEFT);
            assertThat(header(d).nextPayload()).isEqualTo(132);
        });
        assertThat(p.net.wire()).anySatisfy(d -> {
            assertThat(d.local().getAddress()).isEqualTo(RIGHT);
            assertThat(header(d).nextPayload()).isEqualTo(132);
        });
        assertThat(p.left.engine.fragments().reassembledCount()).isPositive();
        assertThat(p.right.engine.fragments().reassembledCount()).isPositive();
    }

    @Test
    void aggressiveModeWithPreSharedKeyWorksAndIsFlagged() {
        PeerConfig l = leftPeer(Phase1Mode.AGGRESSIVE).withIdentities(Identity.fqdn("left.example"),
                Identity.fqdn("right.example"));
        PeerConfig r = rightPeer(Phase1Mode.AGGRESSIVE).withIdentities(Identity.fqdn("right.example"),
                Identity.fqdn("left.example"));
        assertThat(l.warnings()).containsExactly("tunnel right uses Aggressive Mode with a pre-shared key: the PSK "
                + "hash can be attacked offline");
        Pair p = pair(l, r);
        p.run();
        assertEstablished(p, "right.example", "left.example");
        assertThat(p.right.events(IkeSaEstablished.class).get(0).mode()).isEqualTo("aggressive");
        assertThat(p.right.events(IkeSaEstablished.class).get(0).authMethod()).isEqualTo("psk");
        assertThat(p.right.events(IkeSaEstablished.class).get(0).peerCertificateSha256()).isEmpty();
        // 3 phase 1 messages, not 6
        assertThat(p.net.wire().stream().filter(d -> header(d).exchangeType() == ExchangeType.AGGRESSIVE))
                .hasSize(3);
    }

    @Test
    void aggressiveModeWithWrongPreSharedKeyFails() {
        PeerConfig l = leftPeer(Phase1Mode.AGGRESSIVE);
        PeerConfig r = EngineFixtures.rightPeer(IKE, "aes128-sha1", "another-key").withMode(Phase1Mode.AGGRESSIVE);
        Pair p = pair(l, r);
        p.run();
        assertThat(p.left.events(IkeSaEstablished.class)).isEmpty();
        assertThat(p.right.events(IkeSaEstablished.class)).isEmpty();
        assertThat(p.left.events(IkeSaFailed.class)).isNotEmpty();
        assertThat(p.left.events(IkeSaFailed.class).get(0).reason()).contains("HASH_R")
                .contains("pre-shared keys of the two sides differ");
        assertThat(p.left.engine.ikeSaCount()).isZero();
        assertThat(p.right.engine.ikeSaCount()).isZero();
    }

    @Test
    void modeMismatchIsRefused() {
        Pair p = pair(leftPeer(Phase1Mode.AGGRESSIVE), rightPeer(Phase1Mode.MAIN));
        p.run();
        IkeSaFailed r = p.right.events(IkeSaFailed.class).get(0);
        assertThat(r.notifyType()).isEqualTo("INVALID-EXCHANGE-TYPE");
        assertThat(r.reason()).contains("configured for Main Mode, but started Aggressive Mode");
        assertThat(p.left.events(IkeSaEstablished.class)).isEmpty();
    }

    // ---- bad certificates and signatures --------------------------------------------

    /** Right (the responder) refuses left's certificate; left hears why. */
    private static IkeSaFailed refusedByRight(Phase1Mode mode, TestPki.Issued leftCert, TestPki.Issued leftTrusts,
            TestPki.Issued rightTrusts, Identity rightExpects, java.util.function.UnaryOperator<Datagram> filter)
            throws Exception {
        Pki pki = Pki.of("rsa2048");
        Identity leftId = Identity.fqdn("left.example");
        Identity rightId = Identity.fqdn("right.example");
        PeerConfig l = leftPeer(mode).withIdentities(leftId, rightId).withCertificates(auth(leftCert, leftTrusts));
        PeerConfig r = rightPeer(mode).withIdentities(rightId, rightExpects)
                .withCertificates(auth(pki.right(), rightTrusts));
        Pair p = pair(l, r);
        if (filter != null) {
            p.net.setFilter(filter);
        }
        p.run();
        if (mode == Phase1Mode.MAIN) {
            assertThat(p.left.events(IkeSaEstablished.class)).isEmpty();
        }
        // Aggressive Mode: the initiator is done after message 3; the refusal then ends its SA
        assertThat(p.left.events(IkeSaFailed.class)).singleElement()
                .satisfies(f -> assertThat(f.byPeer()).isTrue());
        assertThat(p.left.engine.ikeSaCount()).isZero();
        assertThat(p.left.backend.sas()).isEmpty();
        assertThat(p.right.events(IkeSaEstablished.class)).isEmpty();
        assertThat(p.right.events(IkeSaFailed.class)).hasSize(1);
        assertThat(p.right.engine.ikeSaCount()).isZero();
        assertThat(p.right.backend.sas()).isEmpty();
        return p.right.events(IkeSaFailed.class).get(0);
    }

    @ParameterizedTest
    @CsvSource({"MAIN", "AGGRESSIVE"})
    void expiredCertificateIsRefused(Phase1Mode mode) throws Exception {
        Pki pki = Pki.of("rsa2048");
        TestPki.Issued expired = TestPki.cert("C=XX, O=Gatewise, CN=branch-7").key("rsa2048-left").dns("left.example")
                .validity(TestPki.NOW.minus(Duration.ofDays(400)), TestPki.NOW.minus(Duration.ofDays(57)))
                .issuedBy(pki.ca());
        IkeSaFailed f = refusedByRight(mode, expired, pki.ca(), pki.ca(), Identity.fqdn("left.example"), null);
        assertThat(f.notifyType()).isEqualTo("INVALID-CERTIFICATE");
        assertThat(f.reason()).startsWith("peer certificate CN=branch-7 expired 2026-10-01");
    }

    @Test
    void certificateFromAnotherCaIsRefused() throws Exception {
        Pki pki = Pki.of("rsa2048");
        TestPki.Issued otherCa = TestPki.rootCa("C=XX, O=Elsewhere, CN=Other CA", "rsa2048-other");
        TestPki.Issued foreign = TestPki.cert("C=XX, O=Elsewhere, CN=left.example").key("rsa2048-left")
                .dns("left.example").issuedBy(otherCa);
        IkeSaFailed f = refusedByRight(Phase1Mode.MAIN, foreign, pki.ca(), pki.ca(), Identity.fqdn("left.example"),
                null);
        assertThat(f.notifyType()).isEqualTo("INVALID-CERT-AUTHORITY");
        assertThat(f.reason()).contains("was issued by").contains("Other CA").contains("not by the trusted CA");
    }

    @Test
    void identityNotConfiguredForThePeerIsRefused() throws Exception {
        Pki pki = Pki.of("rsa2048");
        IkeSaFailed f = refusedByRight(Phase1Mode.MAIN, pki.left(), pki.ca(), pki.ca(),
                Identity.fqdn("branch-9.example"), null);
        assertThat(f.notifyType()).isEqualTo("INVALID-ID-INFORMATION");
        assertThat(f.reason()).contains("peer authenticated as 'left.example'").contains("branch-9.example");
    }

    @Test
    void identityNotInTheCertificateIsRefused() throws Exception {
        // Aggressive Mode sends IDii in clear: change it on the way to a name the certificate lacks
        Pki pki = Pki.of("rsa2048");
        IkeSaFailed f = refusedByRight(Phase1Mode.AGGRESSIVE, pki.left(), pki.ca(), pki.ca(), Identity.ANY,
                d -> rewrite(d, 1, pl -> pl instanceof IdentificationPayload id
                        ? new IdentificationPayload(id.idType(), 0, 0,
                                io.gatewise.agent.ike.codec.Bytes.of("evil.example".getBytes(
                                        java.nio.charset.StandardCharsets.US_ASCII)))
                        : pl));
        assertThat(f.notifyType()).isEqualTo("INVALID-ID-INFORMATION");
        assertThat(f.reason()).contains("evil.example").contains("CN=left.example");
    }

    @Test
    void badSignatureIsRefused() throws Exception {
        // Aggressive Mode message 3 travels in clear: flip a bit of SIG_I on the way
        Pki pki = Pki.of("rsa2048");
        IkeSaFailed f = refusedByRight(Phase1Mode.AGGRESSIVE, pki.left(), pki.ca(), pki.ca(),
                Identity.fqdn("left.example"), d -> rewrite(d, 3, pl -> {
                    if (pl instanceof SignaturePayload s) {
                        byte[] b = s.signature().toByteArray();
                        b[b.length / 2] ^= 1;
                        return new SignaturePayload(io.gatewise.agent.ike.codec.Bytes.of(b));
                    }
                    return pl;
                }));
        assertThat(f.notifyType()).isEqualTo("INVALID-SIGNATURE");
        assertThat(f.reason()).contains("does not verify with the key of peer certificate CN=left.example");
    }

    // ---- helpers ---------------------------------------------------------------------

    private static io.gatewise.agent.ike.codec.IsakmpHeader header(Datagram d) {
        return new IsakmpDecoder().decodeHeader(d.data()).value().header();
    }


    /**
     * Rewrites payloads of the initiator's (left's) clear-text Aggressive Mode message
     * number {@code n} (1 or 3); everything else passes unchanged.
     */
    private static Datagram rewrite(Datagram d, int n, java.util.function.UnaryOperator<Payload> change) {
        if (!d.local().getAddress().equals(LEFT)) {
            return d;
        }
        RawMessage raw = new IsakmpDecoder().decodeHeader(d.data()).value();
        if (raw.header().exchangeType() != ExchangeType.AGGRESSIVE || raw.header().isEncrypted()) {
            return d;
        }
        boolean first = raw.header().responderCookie() == 0;
        if ((n == 1) != first) {
            return d;
        }
        var payloads = new IsakmpDecoder().decodePayloads(raw.header().nextPayload(), raw.body().toByteArray(), false)
                .value();
        List<Payload> out = new ArrayList<>();
        for (Payload pl : payloads.payloads()) {
            out.add(change.apply(pl));
        }
        return new Datagram(d.local(), d.remote(), IsakmpEncoder.encode(raw.header(), out));
    }
}
