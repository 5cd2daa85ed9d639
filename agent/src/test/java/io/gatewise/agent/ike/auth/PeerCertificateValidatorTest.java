package io.gatewise.agent.ike.auth;

import static io.gatewise.agent.ike.auth.TestPki.NOW;
import static io.gatewise.agent.ike.auth.TestPki.cert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

class PeerCertificateValidatorTest {

    private static final String CA_DN = "C=XX, O=Example, CN=Gatewise CA";
    private static final String PEER_DN = "C=XX, O=Example, CN=branch-7";

    private final TestPki.Issued ca = TestPki.rootCa(CA_DN, "ec256-ca");
    private final PeerCertificateValidator validator = PeerCertificateValidator.builder()
            .trustAnchor(ca.certificate()).clock(TestPki.CLOCK).build();

    private TestPki.CertBuilder peer() {
        return cert(PEER_DN).key("ec256-ee").dns("branch-7.example.net").ip("192.0.2.7").ip("2001:db8::7")
                .email("ops@branch-7.example.net");
    }

    private static IkeIdentity dn(String name) {
        return IkeIdentity.distinguishedName(TestPki.name(name));
    }

    private AuthFailure refused(List<EncodedCertificate> certs, IkeIdentity id) {
        PeerAuthenticationException e = catchThrowableOfType(PeerAuthenticationException.class,
                () -> validator.validate(certs, id));
        assertThat(e).as("validation must fail").isNotNull();
        assertThat(e.getMessage()).isEqualTo(e.failure().reason());
        return e.failure();
    }

    // ---- good paths ------------------------------------------------------------------

    @Test
    void acceptsAPeerCertificateIssuedByTheTrustedCa() throws Exception {
        TestPki.Issued p = peer().issuedBy(ca);

        ValidatedPeer v = validator.validate(List.of(p.payload()), dn(PEER_DN));

        assertThat(v.certificate()).isEqualTo(p.certificate());
        assertThat(v.chain()).containsExactly(p.certificate(), ca.certificate());
        assertThat(v.trustAnchor()).isEqualTo(ca.certificate());
        assertThat(v.subject()).isEqualTo("CN=branch-7");
        assertThat(v.scheme()).isEqualTo(SignatureScheme.ECDSA_256);
        assertThat(v.sha256Fingerprint()).isEqualTo(
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(p.der())));
        assertThat(v.toString()).contains("DN:C=XX, O=Example, CN=branch-7", "CN=branch-7", v.sha256Fingerprint());
    }

    @Test
    void acceptsEveryIdentityTypeTheCertificateVouchesFor() throws Exception {
        TestPki.Issued p = peer().issuedBy(ca);
        List<EncodedCertificate> certs = List.of(p.payload());

        for (IkeIdentity id : List.of(dn(PEER_DN), dn("c=xx,  o=EXAMPLE, cn=Branch-7"),
                IkeIdentity.fqdn("branch-7.example.net"), IkeIdentity.fqdn("BRANCH-7.Example.NET."),
                IkeIdentity.userFqdn("ops@Branch-7.example.net"),
                IkeIdentity.address(InetAddress.getByName("192.0.2.7")),
                IkeIdentity.address(InetAddress.getByName("2001:db8:0:0:0:0:0:7")))) {
            assertThat(validator.validate(certs, id).identity()).as(id.toString()).isEqualTo(id);
        }
    }

    @Test
    void acceptsAnRsaChainLikeStrongswansPki() throws Exception {
        TestPki.Issued rsaCa = TestPki.rootCa("C=XX, O=gatewise-interop, CN=Gatewise Interop Test CA", "rsa2048-ca");
        TestPki.Issued left = cert("C=XX, O=gatewise-interop, CN=left.interop.test").key("rsa2048-left")
                .dns("left.interop.test").noKeyUsage()
                .eku(false, KeyPurposeId.id_kp_serverAuth, KeyPurposeId.getInstance(
                        new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.3.6.1.5.5.8.2.2")))
                .issuedBy(rsaCa);
        PeerCertificateValidator rsaValidator = PeerCertificateValidator.builder().trustAnchor(rsaCa.certificate())
                .clock(TestPki.CLOCK).build();

        ValidatedPeer v = rsaValidator.validate(List.of(left.payload()), IkeIdentity.fqdn("left.interop.test"));

        assertThat(v.scheme()).isEqualTo(SignatureScheme.RSA);
    }

    @Test
    void followsIntermediateCasInAnyOrderAndIgnoresUnrelatedOrRootCertificates() throws Exception {
        TestPki.Issued intermediate = cert("C=XX, O=Example, CN=Region CA").key("ec384-int").ca(0).issuedBy(ca);
        TestPki.Issued p = peer().issuedBy(intermediate);
        TestPki.Issued unrelated = TestPki.rootCa("CN=Unrelated", "ec256-other");

        for (List<EncodedCertificate> certs : List.of(
                List.of(p.payload(), intermediate.payload()),
                List.of(intermediate.payload(), p.payload()),
                List.of(p.payload(), unrelated.payload(), intermediate.payload(), ca.payload()))) {
            ValidatedPeer v = validator.validate(certs, dn(PEER_DN));
            assertThat(v.chain()).containsExactly(p.certificate(), intermediate.certificate(), ca.certificate());
        }
    }

    @Test
    void picksTheAnchorWhoseKeySignedWhenTwoCasShareAName() throws Exception {
        TestPki.Issued oldCa = TestPki.rootCa(CA_DN, "ec256-oldca");
        PeerCertificateValidator both = PeerCertificateValidator.builder()
                .trustAnchors(List.of(oldCa.certificate(), ca.certificate())).clock(TestPki.CLOCK).build();
        TestPki.Issued p = peer().issuedBy(ca);

        assertThat(both.validate(List.of(p.payload()), dn(PEER_DN)).trustAnchor()).isEqualTo(ca.certificate());
    }

    @Test
    void skipsCertPayloadsOfOtherEncodingsWhenAnX509OneIsPresent() throws Exception {
        TestPki.Issued p = peer().issuedBy(ca);
        List<EncodedCertificate> certs = List.of(new EncodedCertificate(2, new byte[] {1, 2, 3}), p.payload());

        assertThat(validator.validate(certs, dn(PEER_DN)).certificate()).isEqualTo(p.certificate());
    }

    @Test
    void acceptsCriticalEkuWithIpsecIkeAndNonCriticalEkuOfAnyKind() throws Exception {
        TestPki.Issued ike = peer().eku(true, KeyPurposeId.id_kp_ipsecIKE).issuedBy(ca);
        TestPki.Issued client = peer().eku(false, KeyPurposeId.id_kp_clientAuth).issuedBy(ca);

        assertThat(validator.validate(List.of(ike.payload()), dn(PEER_DN))).isNotNull();
        assertThat(validator.validate(List.of(client.payload()), dn(PEER_DN))).isNotNull();
    }

    // ---- dates -----------------------------------------------------------------------

    @Test
    void refusesAnExpiredCertificateNamingItAndTheDate() {
        TestPki.Issued p = peer().validity(Instant.parse("2025-10-01T12:00:00Z"), Instant.parse("2026-10-01T12:00:00Z"))
                .issuedBy(ca);

        AuthFailure f = refused(List.of(p.payload()), dn(PEER_DN));

        assertThat(f.kind()).isEqualTo(AuthFailure.Kind.EXPIRED);
        assertThat(f.reason()).startsWith("peer certificate CN=branch-7 expired 2026-10-01")
                .contains("valid until 2026-10-01T12:00:00Z", "now 2026-11-27T10:00:00Z");
        assertThat(f.notifyType()).isEqualTo(20);
        assertThat(f.notifyName()).isEqualTo("INVALID-CERTIFICATE");
    }

    @Test
    void expiryIsJudgedByTheInjectedClock() throws Exception {
        TestPki.Issued p = peer().validity(NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofHours(1))).issuedBy(ca);
        PeerCertificateValidator later = PeerCertificateValidator.builder().trustAnchor(ca.certificate())
                .clock(Clock.fixed(NOW.plus(Duration.ofHours(2)), ZoneOffset.UTC)).build();

        assertThat(validator.validate(List.of(p.payload()), dn(PEER_DN))).isNotNull();
        assertThatThrownBy(() -> later.validate(List.of(p.payload()), dn(PEER_DN)))
                .isInstanceOf(PeerAuthenticationException.class).hasMessageContaining("expired");
    }

    @Test
    void refusesACertificateThatIsNotYetValid() {
        TestPki.Issued p = peer().validity(Instant.parse("2027-01-01T00:00:00Z"), Instant.parse("2028-01-01T00:00:00Z"))
                .issuedBy(ca);

        AuthFailure f = refused(List.of(p.payload()), dn(PEER_DN));

        assertThat(f.kind()).isEqualTo(AuthFailure.Kind.NOT_YET_VALID);
        assertThat(f.reason()).isEqualTo("peer certificate CN=branch-7 is not valid before 2027-01-01T00:00:00Z"
                + " (now 2026-11-27T10:00:00Z; check both clocks)");
        assertThat(f.notifyType()).isEqualTo(20);
    }

    @Test
    void refusesWhenTheTrustedCaItselfExpiredOrAnIntermediateDid() {
        TestPki.Issued oldCa = cert(CA_DN).key("ec256-oldca").ca(-1)
                .validity(Instant.parse("2016-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z")).selfSigned();
        PeerCertificateValidator withOld = PeerCertificateValidator.builder().trustAnchor(oldCa.certificate())
                .clock(TestPki.CLOCK).build();
        TestPki.Issued p = peer().issuedBy(oldCa);

        assertThatThrownBy(() -> withOld.validate(List.of(p.payload()), dn(PEER_DN)))
                .hasMessageStartingWith("trusted CA certificate CN=Gatewise CA expired 2026-01-01");

        TestPki.Issued intermediate = cert("CN=Region CA").key("ec256-int").ca(-1)
                .validity(NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(1))).issuedBy(ca);
        TestPki.Issued q = peer().issuedBy(intermediate);
        AuthFailure f = refused(List.of(q.payload(), intermediate.payload()), dn(PEER_DN));
        assertThat(f.kind()).isEqualTo(AuthFailure.Kind.EXPIRED);
        assertThat(f.reason()).startsWith("intermediate CA certificate CN=Region CA expired ");
    }

    // ---- trust -------------------------------------------------------------------------

    @Test
    void refusesACertificateFromAnotherCa() {
        TestPki.Issued other = TestPki.rootCa("C=XX, O=Elsewhere, CN=Other CA", "ec256-other");
        TestPki.Issued p = peer().issuedBy(other);

        AuthFailure f = refused(List.of(p.payload(), other.payload()), dn(PEER_DN));

        assertThat(f.kind()).isEqualTo(AuthFailure.Kind.UNTRUSTED_ISSUER);
        assertThat(f.reason()).isEqualTo(
                "peer certificate CN=branch-7 chains to CN=Other CA, not to the trusted CA CN=Gatewise CA");
        assertThat(f.notifyType()).isEqualTo(22);
        assertThat(f.notifyName()).isEqualTo("INVALID-CERT-AUTHORITY");

        AuthFailure alone = refused(List.of(p.payload()), dn(PEER_DN));
        assertThat(alone.reason()).isEqualTo(
                "peer certificate CN=branch-7 was issued by CN=Other CA, not by the trusted CA CN=Gatewise CA");
    }

    @Test
    void refusesASelfSignedPeerCertificate() {
        TestPki.Issued self = peer().selfSigned();

        AuthFailure f = refused(List.of(self.payload()), dn(PEER_DN));

        assertThat(f.kind()).isEqualTo(AuthFailure.Kind.UNTRUSTED_ISSUER);
        assertThat(f.reason()).isEqualTo("peer certificate CN=branch-7 is self-signed, not issued by the trusted CA"
                + " CN=Gatewise CA");
    }

    @Test
    void refusesAChainWhoseIntermediateIsMissing() {
        TestPki.Issued intermediate = cert("CN=Region CA").key("ec256-int").ca(-1).issuedBy(ca);
        TestPki.Issued p = peer().issuedBy(intermediate);

        AuthFailure f = refused(List.of(p.payload()), dn(PEER_DN));

        assertThat(f.reason()).isEqualTo(
                "peer certificate CN=branch-7 was issued by CN=Region CA, not by the trusted CA CN=Gatewise CA");
    }

    @Test
    void refusesACertificateSignedByAnImpostorOfTheTrustedCa() {
        TestPki.Issued impostor = TestPki.rootCa(CA_DN, "ec256-impostor");
        TestPki.Issued p = peer().issuedBy(impostor);

        AuthFailure f = refused(List.of(p.payload()), dn(PEER_DN));

        assertThat(f.kind()).isEqualTo(AuthFailure.Kind.BAD_CERTIFICATE_SIGNATURE);
        assertThat(f.reason()).isEqualTo("bad signature on peer certificate CN=branch-7 (it does not verify with the"
                + " key of its issuer CN=Gatewise CA)");
        assertThat(f.notifyType()).isEqualTo(20);
    }

    @Test
    void refusesACertificateWhoseSignatureBytesWereAltered() {
        byte[] der = peer().issuedBy(ca).der();
        // The signature BIT STRING ends the certificate: flip a bit in its last byte.
        der[der.length - 1] ^= 0x01;

        AuthFailure f = refused(List.of(EncodedCertificate.x509(der)), dn(PEER_DN));

        assertThat(f.kind()).isEqualTo(AuthFailure.Kind.BAD_CERTIFICATE_SIGNATURE);
        assertThat(f.reason()).startsWith("bad signature on peer certificate CN=branch-7");
    }

    @Test
    void refusesIssuersThatAreNotCasOrExceedTheirPathLength() {
        TestPki.Issued notCa = cert("CN=Just A Gateway").key("ec256-int").issuedBy(ca);
        TestPki.Issued p = peer().issuedBy(notCa);
        AuthFailure f = refused(List.of(p.payload(), notCa.payload()), dn(PEER_DN));
        assertThat(f.kind()).isEqualTo(AuthFailure.Kind.NOT_A_CA);
        assertThat(f.reason()).contains("CN=Just A Gateway", "is not a CA");

        TestPki.Issued strictRoot = TestPki.cert("CN=Strict Root").key("ec256-strict").ca(0).selfSigned();
        TestPki.Issued sub = cert("CN=Sub CA").key("ec256-int").ca(-1).issuedBy(strictRoot);
        TestPki.Issued q = peer().issuedBy(sub);
        PeerCertificateValidator strict = PeerCertificateValidator.builder().trustAnchor(strictRoot.certificate())
                .clock(TestPki.CLOCK).build();
        assertThatThrownBy(() -> strict.validate(List.of(q.payload(), sub.payload()), dn(PEER_DN)))
                .isInstanceOfSatisfying(PeerAuthenticationException.class, e -> {
                    assertThat(e.failure().kind()).isEqualTo(AuthFailure.Kind.NOT_A_CA);
                    assertThat(e.getMessage()).isEqualTo("trusted CA certificate CN=Strict Root allows 0"
                            + " intermediate CA(s) below it (pathLenConstraint), the peer's chain has 1");
                });

        TestPki.Issued noCertSign = cert("CN=CRL Only CA").key("ec256-int").ca(-1).keyUsage(KeyUsage.cRLSign)
                .issuedBy(ca);
        TestPki.Issued r = peer().issuedBy(noCertSign);
        assertThat(refused(List.of(r.payload(), noCertSign.payload()), dn(PEER_DN)).reason())
                .contains("keyUsage lacks keyCertSign");
    }

    // ---- key usage, extensions, key strength ------------------------------------------

    @Test
    void refusesAPeerCertificateWhoseKeyUsageForbidsSigning() {
        TestPki.Issued p = peer().keyUsage(KeyUsage.keyEncipherment).issuedBy(ca);

        AuthFailure f = refused(List.of(p.payload()), dn(PEER_DN));

        assertThat(f.kind()).isEqualTo(AuthFailure.Kind.KEY_USAGE);
        assertThat(f.reason()).isEqualTo("peer certificate CN=branch-7 does not allow signing (keyUsage has neither"
                + " digitalSignature nor nonRepudiation)");
    }

    @Test
    void acceptsNonRepudiationOnlyAndNoKeyUsageAtAll() throws Exception {
        assertThat(validator.validate(List.of(peer().keyUsage(KeyUsage.nonRepudiation).issuedBy(ca).payload()),
                dn(PEER_DN))).isNotNull();
        assertThat(validator.validate(List.of(peer().noKeyUsage().issuedBy(ca).payload()), dn(PEER_DN))).isNotNull();
    }

    @Test
    void refusesACriticalExtendedKeyUsageWithoutIpsecIke() {
        TestPki.Issued p = peer().eku(true, KeyPurposeId.id_kp_serverAuth).issuedBy(ca);

        AuthFailure f = refused(List.of(p.payload()), dn(PEER_DN));

        assertThat(f.kind()).isEqualTo(AuthFailure.Kind.KEY_USAGE);
        assertThat(f.reason()).contains("critical extendedKeyUsage without id-kp-ipsecIKE", "1.3.6.1.5.5.7.3.1");
    }

    @Test
    void refusesUnknownCriticalExtensions() {
        TestPki.Issued p = peer().criticalPolicies().issuedBy(ca);

        AuthFailure f = refused(List.of(p.payload()), dn(PEER_DN));

        assertThat(f.kind()).isEqualTo(AuthFailure.Kind.UNSUPPORTED_CRITICAL_EXTENSION);
        assertThat(f.reason()).isEqualTo("peer certificate CN=branch-7 has critical extension certificatePolicies"
                + " (2.5.29.32), which we do not process");
    }

    @Test
    void refusesShortRsaKeysAndMd5Signatures() throws Exception {
        TestPki.Issued rsaCa = TestPki.rootCa("CN=RSA CA", "rsa2048-ca");
        PeerCertificateValidator rsaValidator = PeerCertificateValidator.builder().trustAnchor(rsaCa.certificate())
                .clock(TestPki.CLOCK).build();
        TestPki.Issued weak = peer().key("rsa1024").issuedBy(rsaCa);
        assertThatThrownBy(() -> rsaValidator.validate(List.of(weak.payload()), dn(PEER_DN)))
                .isInstanceOfSatisfying(PeerAuthenticationException.class, e -> {
                    assertThat(e.failure().kind()).isEqualTo(AuthFailure.Kind.WEAK_CRYPTO);
                    assertThat(e.getMessage()).isEqualTo("peer certificate CN=branch-7 has a 1024-bit RSA key;"
                            + " at least 2048 bits are required");
                });
        PeerCertificateValidator legacy = PeerCertificateValidator.builder().trustAnchor(rsaCa.certificate())
                .clock(TestPki.CLOCK).minimumRsaKeyBits(1024).build();
        assertThat(legacy.validate(List.of(weak.payload()), dn(PEER_DN))).isNotNull();

        TestPki.Issued md5 = peer().key("rsa2048-ee").signatureAlgorithm("MD5withRSA").issuedBy(rsaCa);
        assertThatThrownBy(() -> rsaValidator.validate(List.of(md5.payload()), dn(PEER_DN)))
                .hasMessage("peer certificate CN=branch-7 is signed with MD5withRSA, which is broken");
    }

    @Test
    void refusesAPeerKeyThatCannotMakeIkeSignatures() {
        TestPki.Issued p = peer().key("ed25519-ee").issuedBy(ca);

        AuthFailure f = refused(List.of(p.payload()), dn(PEER_DN));

        assertThat(f.kind()).isEqualTo(AuthFailure.Kind.KEY_TYPE_MISMATCH);
        assertThat(f.notifyType()).isEqualTo(24);
        assertThat(f.reason()).startsWith("peer certificate CN=branch-7: ");
    }

    // ---- identity ----------------------------------------------------------------------

    @Test
    void refusesADnIdentityThatIsNotTheSubject() {
        TestPki.Issued p = peer().issuedBy(ca);

        AuthFailure f = refused(List.of(p.payload()), dn("C=XX, O=Example, CN=branch-8"));

        assertThat(f.kind()).isEqualTo(AuthFailure.Kind.IDENTITY_MISMATCH);
        assertThat(f.reason()).isEqualTo("identity DN:C=XX, O=Example, CN=branch-8 is not the subject of peer"
                + " certificate CN=branch-7 (subject DN:C=XX, O=Example, CN=branch-7)");
        assertThat(f.notifyType()).isEqualTo(18);
        assertThat(f.notifyName()).isEqualTo("INVALID-ID-INFORMATION");
        // RDN order matters (RFC 5280 section 7.1)
        assertThat(refused(List.of(p.payload()), dn("CN=branch-7, O=Example, C=XX")).kind())
                .isEqualTo(AuthFailure.Kind.IDENTITY_MISMATCH);
    }

    @Test
    void refusesAnFqdnIdentityThatIsNotADnsSubjectAltName() {
        TestPki.Issued p = cert(PEER_DN).dns("foo.example.net").issuedBy(ca);

        AuthFailure f = refused(List.of(p.payload()), IkeIdentity.fqdn("right.interop.test"));

        assertThat(f.reason()).isEqualTo("identity FQDN:right.interop.test not in certificate subjectAltName of peer"
                + " certificate CN=branch-7 (has DNS:foo.example.net)");
        assertThat(f.kind().notification()).isEqualTo(AuthNotify.INVALID_ID_INFORMATION);
    }

    @Test
    void neverMatchesAnFqdnAgainstTheCommonName() {
        TestPki.Issued p = cert("CN=gw.example.net").issuedBy(ca);

        AuthFailure f = refused(List.of(p.payload()), IkeIdentity.fqdn("gw.example.net"));

        assertThat(f.reason()).isEqualTo("identity FQDN:gw.example.net not in certificate subjectAltName of peer"
                + " certificate CN=gw.example.net (it has no subjectAltName)");
    }

    @Test
    void refusesUserFqdnAndAddressIdentitiesMissingFromSubjectAltName() throws Exception {
        TestPki.Issued p = peer().issuedBy(ca);
        List<EncodedCertificate> certs = List.of(p.payload());
        String has = " (has DNS:branch-7.example.net, IP:192.0.2.7, IP:2001:db8:0:0:0:0:0:7,"
                + " EMAIL:ops@branch-7.example.net)";

        assertThat(refused(certs, IkeIdentity.userFqdn("OPS@branch-7.example.net")).reason()).isEqualTo(
                "identity USER_FQDN:OPS@branch-7.example.net not in certificate subjectAltName of peer certificate"
                        + " CN=branch-7" + has);
        assertThat(refused(certs, IkeIdentity.address(InetAddress.getByName("192.0.2.8"))).reason()).isEqualTo(
                "identity IPV4:192.0.2.8 not in certificate subjectAltName of peer certificate CN=branch-7" + has);
        assertThat(refused(certs, IkeIdentity.address(InetAddress.getByName("2001:db8::8"))).reason()).isEqualTo(
                "identity IPV6:2001:db8:0:0:0:0:0:8 not in certificate subjectAltName of peer certificate CN=branch-7"
                        + has);
        // an FQDN that happens to be in an email entry, or an address written as a name, does not count
        assertThat(refused(certs, IkeIdentity.fqdn("192.0.2.7")).kind()).isEqualTo(AuthFailure.Kind.IDENTITY_MISMATCH);
    }

    @Test
    void refusesIdentityTypesThatCannotBeCheckedAndAnEmptySubject() {
        TestPki.Issued p = peer().issuedBy(ca);
        IkeIdentity subnet = IkeIdentity.fromPayload(4, new byte[] {(byte) 192, 0, 2, 0, (byte) 255, (byte) 255,
            (byte) 255, 0});

        AuthFailure f = refused(List.of(p.payload()), subnet);

        assertThat(f.kind()).isEqualTo(AuthFailure.Kind.UNSUPPORTED_IDENTITY_TYPE);
        assertThat(f.reason()).startsWith("identity type ID_IPV4_ADDR_SUBNET cannot be checked against peer certificate"
                + " CN=branch-7");

        TestPki.Issued empty = cert("").dns("gw.example.net").issuedBy(ca);
        AuthFailure e = refused(List.of(empty.payload()), IkeIdentity.distinguishedName(new X500Principal("")));
        assertThat(validatorAccepts(empty, IkeIdentity.fqdn("gw.example.net"))).isTrue();
        assertThat(e.reason()).contains("whose subject is empty");
    }

    // ---- malformed input -------------------------------------------------------------

    @Test
    void explainsMissingAndUnsupportedCertificates() {
        AuthFailure none = refused(List.of(), dn(PEER_DN));
        assertThat(none.kind()).isEqualTo(AuthFailure.Kind.NO_CERTIFICATE);
        assertThat(none.notifyName()).isEqualTo("CERTIFICATE-UNAVAILABLE");
        assertThat(none.notifyType()).isEqualTo(28);

        AuthFailure pgp = refused(List.of(new EncodedCertificate(2, new byte[] {1})), dn(PEER_DN));
        assertThat(pgp.kind()).isEqualTo(AuthFailure.Kind.UNSUPPORTED_CERTIFICATE_TYPE);
        assertThat(pgp.notifyType()).isEqualTo(21);
        assertThat(pgp.reason()).isEqualTo("peer sent certificates of type PGP (2) only; we accept X.509 signature (4)");
    }

    @Test
    void refusesGarbageTrailingBytesPemTooManyAndTooLarge() {
        byte[] der = peer().issuedBy(ca).der();

        AuthFailure garbage = refused(List.of(EncodedCertificate.x509("not a certificate".getBytes(
                StandardCharsets.US_ASCII))), dn(PEER_DN));
        assertThat(garbage.kind()).isEqualTo(AuthFailure.Kind.MALFORMED_CERTIFICATE);
        assertThat(garbage.notifyName()).isEqualTo("INVALID-CERT-ENCODING");
        assertThat(garbage.reason()).isEqualTo("peer certificate #1 (17 bytes) is not a DER X.509 certificate");

        byte[] trailing = Arrays.copyOf(der, der.length + 1);
        assertThat(refused(List.of(EncodedCertificate.x509(trailing)), dn(PEER_DN)).kind())
                .isEqualTo(AuthFailure.Kind.MALFORMED_CERTIFICATE);

        byte[] pem = TestPki.pem(peer().issuedBy(ca).certificate()).getBytes(StandardCharsets.US_ASCII);
        assertThat(refused(List.of(EncodedCertificate.x509(pem)), dn(PEER_DN)).kind())
                .isEqualTo(AuthFailure.Kind.MALFORMED_CERTIFICATE);

        // the "unused bits" octet of the signature BIT STRING: ignored by the JDK, so it must be 0
        TestPki.Issued good = peer().issuedBy(ca);
        byte[] padded = good.der();
        padded[padded.length - good.certificate().getSignature().length - 1] = 4;
        assertThat(refused(List.of(EncodedCertificate.x509(padded)), dn(PEER_DN)).kind())
                .isEqualTo(AuthFailure.Kind.MALFORMED_CERTIFICATE);

        List<EncodedCertificate> many = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            many.add(EncodedCertificate.x509(der));
        }
        assertThat(refused(many, dn(PEER_DN)).reason()).isEqualTo("peer sent 9 certificates; at most 8 are accepted");
        assertThat(refused(List.of(EncodedCertificate.x509(new byte[20000])), dn(PEER_DN)).reason())
                .isEqualTo("peer certificate #1 is 20000 bytes long; at most 16384 are accepted");
    }

    @Test
    void mutatedCertificatesOnlyEverFailWithATypedReason() {
        byte[] der = peer().issuedBy(ca).der();
        Random random = new Random(4945);
        int accepted = 0;
        for (int i = 0; i < 400; i++) {
            byte[] mutated = der.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                mutated[random.nextInt(mutated.length)] ^= (byte) (1 << random.nextInt(8));
            }
            if (random.nextInt(10) == 0) {
                mutated = Arrays.copyOf(mutated, random.nextInt(mutated.length));
            }
            try {
                validator.validate(List.of(EncodedCertificate.x509(mutated)), dn(PEER_DN));
                accepted++;
            } catch (PeerAuthenticationException e) {
                assertThat(e.failure().reason()).isNotBlank();
            }
        }
        // A flipped bit anywhere in the signed part or the signature must never pass.
        assertThat(accepted).isZero();
    }

    // ---- signature over HASH_I / HASH_R ---------------------------------------------

    @Test
    void verifiesThePeersSignatureAndExplainsFailures() throws Exception {
        TestPki.Issued p = peer().issuedBy(ca);
        ValidatedPeer v = validator.validate(List.of(p.payload()), dn(PEER_DN));
        byte[] hash = MessageDigest.getInstance("SHA-256").digest("HASH_I".getBytes(StandardCharsets.US_ASCII));
        byte[] sig = Signer.forKey(p.privateKey()).sign(hash);

        v.verifySignature(SignatureScheme.ECDSA_256, hash, sig);
        v.verifySignature(null, hash, sig);

        hash[0] ^= 1;
        assertThatThrownBy(() -> v.verifySignature(SignatureScheme.ECDSA_256, hash, sig))
                .isInstanceOfSatisfying(PeerAuthenticationException.class, e -> {
                    assertThat(e.failure().kind()).isEqualTo(AuthFailure.Kind.BAD_SIGNATURE);
                    assertThat(e.failure().notifyName()).isEqualTo("INVALID-SIGNATURE");
                    assertThat(e.failure().notifyType()).isEqualTo(25);
                    assertThat(e.getMessage()).startsWith("signature of DN:C=XX, O=Example, CN=branch-7 does not verify"
                            + " with the key of peer certificate CN=branch-7");
                });
        assertThatThrownBy(() -> v.verifySignature(SignatureScheme.RSA, hash, sig))
                .isInstanceOfSatisfying(PeerAuthenticationException.class, e -> {
                    assertThat(e.failure().notifyName()).isEqualTo("AUTHENTICATION-FAILED");
                    assertThat(e.getMessage()).isEqualTo("peer certificate CN=branch-7 has an EC P-256 key, but RSA"
                            + " signatures (method 3) were negotiated");
                });
    }

    @Test
    void asksForCertificatesFromEachTrustAnchor() {
        List<CertificateRequest> crs = validator.certificateRequests();

        assertThat(crs).hasSize(1);
        assertThat(crs.get(0).certType()).isEqualTo(4);
        assertThat(crs.get(0).authority()).isEqualTo(ca.certificate().getSubjectX500Principal().getEncoded());
        assertThat(crs.get(0)).hasToString("CR[X.509 signature (4), C=XX, O=Example, CN=Gatewise CA]");
    }

    @Test
    void readsTrustAnchorsFromPemAndRefusesAnEmptyConfiguration() throws Exception {
        TestPki.Issued second = TestPki.rootCa("CN=Second CA", "ec384-second");
        PeerCertificateValidator v = PeerCertificateValidator.builder()
                .trustAnchorsPem(TestPki.pem(ca.certificate(), second.certificate())).build();

        assertThat(v.trustAnchors()).containsExactly(ca.certificate(), second.certificate());
        assertThat(v).hasToString("PeerCertificateValidator[trusting CN=Gatewise CA, CN=Second CA]");
        assertThatThrownBy(() -> PeerCertificateValidator.builder().trustAnchorsPem(""))
                .isInstanceOf(CredentialException.class).hasMessage("trusted CA PEM contains no certificate");
        assertThatThrownBy(() -> PeerCertificateValidator.builder().build())
                .isInstanceOf(IllegalArgumentException.class);
        AuthFailure other = catchThrowableOfType(PeerAuthenticationException.class,
                () -> v.validate(List.of(peer().issuedBy(TestPki.rootCa("CN=Third", "ec256-other")).payload()),
                        dn(PEER_DN))).failure();
        assertThat(other.reason()).endsWith("not by any trusted CA (CN=Gatewise CA, CN=Second CA)");
    }

    private boolean validatorAccepts(TestPki.Issued cert, IkeIdentity id) {
        try {
            validator.validate(List.of(cert.payload()), id);
            return true;
        } catch (PeerAuthenticationException e) {
            return false;
        }
    }

    static byte[] der(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
