package io.gatewise.agent.ike.auth;

import static io.gatewise.agent.ike.auth.TestPki.cert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCredentialsTest {

    private final TestPki.Issued root = TestPki.rootCa("C=XX, O=Example, CN=Gatewise CA", "ec256-ca");
    private final TestPki.Issued intermediate = cert("C=XX, O=Example, CN=Region CA").key("ec384-int").ca(0)
            .issuedBy(root);
    private final TestPki.Issued mine = cert("C=XX, O=Example, CN=gw-1").key("ec256-ee").dns("gw-1.example.net")
            .issuedBy(intermediate);

    private static String pkcs8(KeyPair key) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new JcaPKCS8Generator(key.getPrivate(), null));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    @Test
    void loadsCertificateChainAndPkcs8KeyFromFiles(@TempDir Path dir) throws Exception {
        Path certFile = Files.writeString(dir.resolve("gw.crt"), TestPki.pem(mine.certificate()));
        Path keyFile = Files.writeString(dir.resolve("gw.key"), pkcs8(mine.keyPair()));
        Path chainFile = Files.writeString(dir.resolve("chain.pem"),
                TestPki.pem(root.certificate(), intermediate.certificate()));
        assertThat(Files.readString(keyFile)).startsWith("-----BEGIN PRIVATE KEY-----");

        LocalCredentials creds = LocalCredentials.load(certFile, keyFile, chainFile);

        assertThat(creds.certificate()).isEqualTo(mine.certificate());
        assertThat(creds.chain()).as("issuing order").containsExactly(intermediate.certificate(), root.certificate());
        assertThat(creds.scheme()).isEqualTo(SignatureScheme.ECDSA_256);
        assertThat(creds.subject()).isEqualTo("CN=gw-1");
        assertThat(creds.distinguishedNameIdentity()).hasToString("DN:C=XX, O=Example, CN=gw-1");
        assertThat(creds.vouchesFor(IkeIdentity.fqdn("gw-1.example.net"))).isTrue();
        assertThat(creds.vouchesFor(IkeIdentity.fqdn("gw-2.example.net"))).isFalse();
        assertThat(creds.notAfter()).isEqualTo(mine.certificate().getNotAfter().toInstant());
        byte[] hash = new byte[20];
        assertThat(Verifier.forKey(mine.certificate().getPublicKey()).verify(hash, creds.signer().sign(hash)))
                .isTrue();
    }

    @Test
    void readsTraditionalRsaAndEcKeysAndAFullChainCertificateFile() throws Exception {
        TestPki.Issued rsaCa = TestPki.rootCa("C=XX, O=gatewise-interop, CN=Gatewise Interop Test CA", "rsa2048-ca");
        TestPki.Issued left = cert("C=XX, O=gatewise-interop, CN=left.interop.test").key("rsa2048-left")
                .dns("left.interop.test").issuedBy(rsaCa);
        String rsaKey = TestPki.pem(left.privateKey());
        assertThat(rsaKey).as("strongSwan pki writes PKCS#1").startsWith("-----BEGIN RSA PRIVATE KEY-----");

        LocalCredentials rsa = LocalCredentials.fromPem(TestPki.pem(left.certificate(), rsaCa.certificate()), rsaKey,
                null);

        assertThat(rsa.scheme()).isEqualTo(SignatureScheme.RSA);
        assertThat(rsa.chain()).containsExactly(rsaCa.certificate());

        String ecKey = TestPki.sec1Pem(mine.keyPair());
        assertThat(ecKey).startsWith("-----BEGIN EC PARAMETERS-----").contains("-----BEGIN EC PRIVATE KEY-----");
        LocalCredentials ec = LocalCredentials.fromPem(TestPki.pem(mine.certificate()), ecKey,
                TestPki.pem(intermediate.certificate()));
        assertThat(ec.chain()).containsExactly(intermediate.certificate());
    }

    @Test
    void fingerprintIsSha256OfTheDerInLowercaseHex() throws Exception {
        LocalCredentials creds = LocalCredentials.fromPem(TestPki.pem(mine.certificate()), pkcs8(mine.keyPair()), "");

        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(mine.der()));
        assertThat(creds.sha256Fingerprint()).isEqualTo(expected).matches("[0-9a-f]{64}");
        assertThat(Fingerprints.sha256(mine.certificate())).isEqualTo(expected);
    }

    @Test
    void toStringShowsSubjectAndFingerprintButNeverTheKey() throws Exception {
        String keyPem = pkcs8(mine.keyPair());
        LocalCredentials creds = LocalCredentials.fromPem(TestPki.pem(mine.certificate()), keyPem, null);
        String keyBase64 = Base64.getEncoder().encodeToString(mine.privateKey().getEncoded());

        assertThat(creds).hasToString("LocalCredentials[CN=gw-1, ECDSA-256 signatures (P-256), sha256="
                + creds.sha256Fingerprint() + "]");
        assertThat(creds.toString()).doesNotContain(keyBase64.substring(0, 24)).doesNotContain("PRIVATE");
        assertThat(creds.signer().toString()).doesNotContain(keyBase64.substring(0, 24));
    }

    @Test
    void refusesAKeyThatDoesNotBelongToTheCertificate() {
        String otherKey = pkcs8(TestPki.key("ec256-other"));

        assertThatThrownBy(() -> LocalCredentials.fromPem(TestPki.pem(mine.certificate()), otherKey, null))
                .isInstanceOf(CredentialException.class)
                .hasMessage("the private key in private key PEM does not belong to certificate CN=gw-1");
        String rsaKey = pkcs8(TestPki.key("rsa2048-a"));
        assertThatThrownBy(() -> LocalCredentials.fromPem(TestPki.pem(mine.certificate()), rsaKey, null))
                .isInstanceOf(CredentialException.class).hasMessageContaining("does not belong");
    }

    @Test
    void explainsUnusableFilesWithoutEchoingThem(@TempDir Path dir) throws Exception {
        String certPem = TestPki.pem(mine.certificate());
        StringWriter encrypted = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(encrypted)) {
            writer.writeObject(mine.privateKey(), new JcePEMEncryptorBuilder("AES-128-CBC")
                    .setProvider(new BouncyCastleProvider()).build("secret".toCharArray()));
        }

        assertThatThrownBy(() -> LocalCredentials.fromPem(certPem, encrypted.toString(), null))
                .isInstanceOf(CredentialException.class).hasMessageStartingWith(
                        "private key PEM holds an encrypted private key");
        assertThatThrownBy(() -> LocalCredentials.fromPem(certPem, certPem, null))
                .hasMessage("private key PEM contains a X509CertificateHolder where a private key was expected");
        assertThatThrownBy(() -> LocalCredentials.fromPem(certPem, "", null))
                .hasMessage("private key PEM holds no private key");
        String keyPem = pkcs8(mine.keyPair());
        assertThatThrownBy(() -> LocalCredentials.fromPem(certPem, keyPem + keyPem, null))
                .hasMessage("private key PEM holds more than one private key");
        String broken = "-----BEGIN PRIVATE KEY-----\nTUlJQ0lqQU5CZ2txaGtpRzl3MEJBUUVGQUFP\n-----END PRIVATE KEY-----\n";
        assertThatThrownBy(() -> LocalCredentials.fromPem(certPem, broken, null))
                .isInstanceOf(CredentialException.class).message().doesNotContain("TUlJQ0lq");
        assertThatThrownBy(() -> LocalCredentials.fromPem("", keyPem, null))
                .hasMessage("certificate PEM contains no certificate");
        assertThatThrownBy(() -> LocalCredentials.fromPem(certPem, keyPem,
                TestPki.pem(TestPki.rootCa("CN=Unrelated CA", "ec256-other").certificate())))
                .hasMessage("chain certificate(s) CN=Unrelated CA did not issue CN=gw-1 or its CAs");
        Path missing = dir.resolve("missing.key");
        Path certFile = Files.writeString(dir.resolve("gw.crt"), certPem);
        assertThatThrownBy(() -> LocalCredentials.load(certFile, missing, null))
                .hasMessage("private key file " + missing + " cannot be read: NoSuchFileException");
        Path garbageKey = Files.write(dir.resolve("garbage.key"), "-----BEGIN PRIVATE KEY-----\n!!!!\n"
                .getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> LocalCredentials.load(certFile, garbageKey, null))
                .hasMessage("private key file " + garbageKey + " is not valid PEM");
    }

    // ---- which certificates to send for the peer's CR payloads ---------------------

    private LocalCredentials withChain() throws CredentialException {
        return LocalCredentials.fromPem(TestPki.pem(mine.certificate()), pkcs8(mine.keyPair()),
                TestPki.pem(intermediate.certificate(), root.certificate()));
    }

    @Test
    void sendsCertificateAndIntermediatesButNeverTheRootWhenNotAskedOrAskedForTheRoot() throws Exception {
        LocalCredentials creds = withChain();

        CertificateSelection none = creds.certificatesFor(List.of());
        assertThat(none.certificates()).containsExactly(mine.certificate(), intermediate.certificate());
        assertThat(none.matchesRequest()).isTrue();
        assertThat(none.explanation()).isEqualTo("peer sent no certificate request; sending CN=gw-1, CN=Region CA");

        CertificateSelection forRoot = creds.certificatesFor(List.of(CertificateRequest.forCa(root.certificate())));
        assertThat(forRoot.certificates()).containsExactly(mine.certificate(), intermediate.certificate());
        assertThat(forRoot.explanation()).isEqualTo(
                "peer asked for a certificate from CN=Gatewise CA; sending CN=gw-1, CN=Region CA");
        assertThat(forRoot.encoded()).extracting(EncodedCertificate::encoding).containsOnly(4);
        assertThat(forRoot.encoded().get(0).data()).isEqualTo(mine.der());

        assertThat(creds.certificatesFor(List.of(CertificateRequest.anyCa())).certificates()).hasSize(2);
    }

    @Test
    void stopsBelowTheCaThePeerAskedFor() throws Exception {
        CertificateSelection forIntermediate = withChain().certificatesFor(List.of(
                CertificateRequest.forCa(root.certificate()), CertificateRequest.forCa(intermediate.certificate())));

        assertThat(forIntermediate.certificates()).containsExactly(mine.certificate());
        assertThat(forIntermediate.matchesRequest()).isTrue();
    }

    @Test
    void saysSoWhenThePeerAsksForACaWeDoNotHave() throws Exception {
        TestPki.Issued other = TestPki.rootCa("C=XX, O=Elsewhere, CN=Other CA", "ec256-other");

        CertificateSelection s = withChain().certificatesFor(List.of(CertificateRequest.forCa(other.certificate()),
                CertificateRequest.fromPayload(2, new byte[] {1, 2})));

        assertThat(s.matchesRequest()).isFalse();
        assertThat(s.certificates()).containsExactly(mine.certificate(), intermediate.certificate());
        assertThat(s.explanation()).isEqualTo("peer asked for CR[X.509 signature (4), C=XX, O=Elsewhere, CN=Other CA],"
                + " CR[PGP (2), 2 bytes, not a DN], but our certificate CN=gw-1 is issued by CN=Gatewise CA;"
                + " sending it anyway");
    }

    @Test
    void certificateRequestsCompareNamesAndSurviveGarbage() {
        CertificateRequest cr = CertificateRequest.forCa(root.certificate());

        assertThat(cr.certType()).isEqualTo(4);
        assertThat(cr.authority()).isEqualTo(root.certificate().getSubjectX500Principal().getEncoded());
        assertThat(cr.names(TestPki.name("c=XX, o=example, cn=gatewise  ca"))).isTrue();
        assertThat(cr.names(TestPki.name("C=XX, O=Example, CN=Region CA"))).isFalse();
        assertThat(CertificateRequest.fromPayload(4, cr.authority())).isEqualTo(cr);
        CertificateRequest garbage = CertificateRequest.fromPayload(4, new byte[] {0x30, 0x05, 1});
        assertThat(garbage.authorityName()).isEmpty();
        assertThat(garbage.names(root.certificate().getSubjectX500Principal())).isFalse();
        assertThat(garbage).hasToString("CR[X.509 signature (4), 3 bytes, not a DN]");
        assertThat(CertificateRequest.anyCa().isAnyCa()).isTrue();
        assertThat(CertificateRequest.anyCa()).hasToString("CR[X.509 signature (4), any CA]");
    }
}
