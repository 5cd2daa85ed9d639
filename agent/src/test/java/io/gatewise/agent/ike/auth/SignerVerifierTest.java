package io.gatewise.agent.ike.auth;

import static io.gatewise.agent.crypto.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewise.agent.crypto.HashAlgorithm;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import org.bouncycastle.crypto.signers.DSAKCalculator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class SignerVerifierTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static byte[] hash(HashAlgorithm h, String data) {
        return h.hash(data.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    // ---- RSA: raw PKCS#1 v1.5, no DigestInfo ---------------------------------------

    @ParameterizedTest
    @EnumSource(HashAlgorithm.class)
    void rsa2048SignsAndVerifiesEveryPrfLength(HashAlgorithm prf) {
        KeyPair key = TestPki.key("rsa2048-a");
        Signer signer = Signer.forKey(key.getPrivate());
        Verifier verifier = Verifier.forKey(key.getPublic());
        byte[] hash = hash(prf, "HASH_I input");

        byte[] sig = signer.sign(hash);

        assertThat(signer.scheme()).isEqualTo(SignatureScheme.RSA);
        assertThat(signer.scheme().ikev1AuthMethod()).isEqualTo(3);
        assertThat(sig).hasSize(256);
        assertThat(verifier.verify(hash, sig)).isTrue();
        byte[] otherHash = hash.clone();
        otherHash[otherHash.length - 1] ^= 1;
        assertThat(verifier.verify(otherHash, sig)).isFalse();
        byte[] otherSig = sig.clone();
        otherSig[100] ^= 1;
        assertThat(verifier.verify(hash, otherSig)).isFalse();
        assertThat(Verifier.forKey(TestPki.key("rsa2048-b").getPublic()).verify(hash, sig)).isFalse();
    }

    @Test
    void rsaSignatureIsExactlyTheJdksNoneWithRsaSoRawPkcs1OverTheHash() throws Exception {
        KeyPair key = TestPki.key("rsa2048-a");
        byte[] hash = hash(HashAlgorithm.SHA1, "HASH_R input");

        byte[] ours = Signer.forKey(key.getPrivate()).sign(hash);

        Signature jdkVerify = Signature.getInstance("NONEwithRSA");
        jdkVerify.initVerify(key.getPublic());
        jdkVerify.update(hash);
        assertThat(jdkVerify.verify(ours)).as("JDK NONEwithRSA accepts our signature").isTrue();
        Signature jdkSign = Signature.getInstance("NONEwithRSA");
        jdkSign.initSign(key.getPrivate());
        jdkSign.update(hash);
        byte[] theirs = jdkSign.sign();
        // PKCS#1 v1.5 is deterministic: same key and input, same bytes
        assertThat(ours).isEqualTo(theirs);
        assertThat(Verifier.forKey(key.getPublic()).verify(hash, theirs)).isTrue();

        // and it is not a SHA1withRSA signature (which would wrap the hash in a DigestInfo)
        Signature sha1WithRsa = Signature.getInstance("SHA1withRSA");
        sha1WithRsa.initVerify(key.getPublic());
        sha1WithRsa.update(hash);
        assertThat(sha1WithRsa.verify(ours)).isFalse();

        // the public operation gives back 00 01 FF..FF 00 | HASH, nothing else
        Cipher raw = Cipher.getInstance("RSA/ECB/NoPadding");
        raw.init(Cipher.DECRYPT_MODE, key.getPublic());
        byte[] block = raw.doFinal(ours);
        assertThat(block).hasSize(256);
        assertThat(Arrays.copyOfRange(block, 0, 2)).containsExactly(0x00, 0x01);
        for (int i = 2; i < 256 - hash.length - 1; i++) {
            assertThat(block[i]).as("padding byte %d", i).isEqualTo((byte) 0xff);
        }
        assertThat(block[256 - hash.length - 1]).isZero();
        assertThat(Arrays.copyOfRange(block, 256 - hash.length, 256)).isEqualTo(hash);
    }

    @Test
    void rsaVerifierRefusesMalformedSignaturesWithoutThrowing() {
        KeyPair key = TestPki.key("rsa2048-a");
        Verifier verifier = Verifier.forKey(key.getPublic());
        byte[] hash = hash(HashAlgorithm.SHA2_256, "x");
        byte[] sig = Signer.forKey(key.getPrivate()).sign(hash);
        BigInteger n = ((RSAPublicKey) key.getPublic()).getModulus();

        assertThat(verifier.verify(hash, new byte[0])).isFalse();
        assertThat(verifier.verify(hash, null)).isFalse();
        assertThat(verifier.verify(hash, new byte[256])).isFalse();
        assertThat(verifier.verify(hash, Arrays.copyOf(sig, 257))).isFalse();
        assertThat(verifier.verify(hash, Signer.leftPad(Signer.toUnsigned(n), 256))).isFalse();
        assertThat(verifier.verify(hash, Signer.leftPad(Signer.toUnsigned(n.add(new BigInteger(1, sig))), 257)))
                .isFalse();
        assertThat(verifier.verify(new byte[300], sig)).isFalse();
    }

    @Test
    void rsaSignatureWhoseLeadingZeroWasDroppedIsTheSameIntegerAndStillValid() {
        KeyPair key = TestPki.key("rsa2048-a");
        Signer signer = Signer.forKey(key.getPrivate());
        byte[] hash = null;
        byte[] sig = null;
        // about one signature in 256 starts with a zero byte
        for (int i = 0; i < 20_000 && (sig == null || sig[0] != 0); i++) {
            hash = hash(HashAlgorithm.SHA1, "attempt " + i);
            sig = signer.sign(hash);
        }
        assertThat(sig[0]).isZero();

        assertThat(sig).hasSize(256);
        assertThat(Verifier.forKey(key.getPublic()).verify(hash, Arrays.copyOfRange(sig, 1, 256))).isTrue();
    }

    @Test
    void rsaKeyTooShortForTheHashIsAPlainError() {
        KeyPair tiny = TestPki.key("rsa512");
        Signer signer = Signer.forKey(tiny.getPrivate());

        assertThatThrownBy(() -> signer.sign(new byte[64])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a 512-bit RSA key is too short to sign 64 bytes");
        assertThat(Verifier.forKey(tiny.getPublic()).verify(new byte[64], new byte[64])).isFalse();
    }

    // ---- ECDSA: RFC 4754 r | s over the raw hash ---------------------------------------

    @ParameterizedTest
    @CsvSource({"ec256-a, ECDSA_256, 9, 64", "ec384-a, ECDSA_384, 10, 96", "ec521-a, ECDSA_521, 11, 132"})
    void ecdsaSignsRawHashAsFixedLengthRAndS(String keyName, SignatureScheme scheme, int method, int length)
            throws Exception {
        KeyPair key = TestPki.key(keyName);
        Signer signer = Signer.forKey(key.getPrivate());
        byte[] hash = hash(HashAlgorithm.SHA2_256, "HASH_I input");

        byte[] sig = signer.sign(hash);

        assertThat(signer.scheme()).isEqualTo(scheme);
        assertThat(scheme.ikev1AuthMethod()).isEqualTo(method);
        assertThat(sig).hasSize(length);
        assertThat(Verifier.forKey(key.getPublic()).verify(hash, sig)).isTrue();
        assertThat(signer.sign(hash)).as("RFC 6979: deterministic").isEqualTo(sig);

        Signature jdk = Signature.getInstance("NONEwithECDSAinP1363Format");
        jdk.initVerify(key.getPublic());
        jdk.update(hash);
        assertThat(jdk.verify(sig)).as("JDK NONEwithECDSA (P1363 r|s) accepts our signature").isTrue();
        jdk.initSign(key.getPrivate());
        jdk.update(hash);
        assertThat(Verifier.forKey(key.getPublic()).verify(hash, jdk.sign())).as("we accept the JDK's").isTrue();

        byte[] bad = sig.clone();
        bad[length - 1] ^= 1;
        assertThat(Verifier.forKey(key.getPublic()).verify(hash, bad)).isFalse();
        assertThat(Verifier.forKey(key.getPublic()).verify(hash, Arrays.copyOf(sig, length - 1))).isFalse();
        assertThat(Verifier.forKey(key.getPublic()).verify(hash, new byte[length])).as("r = s = 0").isFalse();
    }

    /**
     * NIST's ECDSA example for P-256 with SHA-256 (CSRC "P256_SHA256.pdf", message "Example
     * of ECDSA with P-256"): with its fixed k our signer gives NIST's r and s for the
     * message's hash, i.e. it signs the given bytes as the digest, without hashing again.
     */
    @Test
    void ecdsaP256KnownAnswer() throws Exception {
        ECParameterSpec p256 = curve("secp256r1");
        BigInteger d = new BigInteger("C477F9F65C22CCE20657FAA5B2D1D8122336F851A508A1ED04E479C34985BF96", 16);
        BigInteger k = new BigInteger("7A1A7E52797FC8CAAA435D2A4DACE39158504BF204FBE19F14DBB427FAEE50AE", 16);
        PrivateKey privateKey = KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(d, p256));
        PublicKey publicKey = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(
                new BigInteger("B7E08AFDFE94BAD3F1DC8C734798BA1C62B3A0AD1E9EA2A38201CD0889BC7A19", 16),
                new BigInteger("3603F747959DBF7A4BB226E41928729063ADC7AE43529E61B563BBC606CC5E09", 16)), p256));
        byte[] h = hash(HashAlgorithm.SHA2_256, "Example of ECDSA with P-256");
        assertThat(h).isEqualTo(bytes("A41A41A12A799548211C410C65D8133AFDE34D28BDD542E4B680CF2899C8A8C4"));

        byte[] sig = Signer.forKey(privateKey, () -> fixedK(k)).sign(h);

        assertThat(sig).isEqualTo(bytes("2B42F576D07F4165FF65D1F3B1500F81E44C316F1F0B3EF57325B69ACA46104F"
                + "DC42C2122D6392CD3E3A993A89502A8198C1886FE69D262C4B329BDB6B63FAF1"));
        assertThat(Verifier.forKey(publicKey).verify(h, sig)).isTrue();
    }

    // ---- keys we cannot use ---------------------------------------------------------

    @Test
    void refusesKeysThatAreNeitherRsaNorRfc4754Curves() throws Exception {
        KeyPair ed = TestPki.key("ed25519-x");
        assertThatThrownBy(() -> Signer.forKey(ed.getPrivate())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not usable for IKE signatures");
        assertThatThrownBy(() -> Verifier.forKey(ed.getPublic())).isInstanceOf(IllegalArgumentException.class);
        assertThat(SignatureScheme.RSA.accepts(ed.getPublic())).isFalse();

        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        assertThat(SignatureScheme.forKey(g.generateKeyPair().getPublic())).isEqualTo(SignatureScheme.ECDSA_256);
    }

    @Test
    void schemesMapToIkev1AuthenticationMethods() {
        assertThat(SignatureScheme.fromIkev1AuthMethod(3)).contains(SignatureScheme.RSA);
        assertThat(SignatureScheme.fromIkev1AuthMethod(9)).contains(SignatureScheme.ECDSA_256);
        assertThat(SignatureScheme.fromIkev1AuthMethod(10)).contains(SignatureScheme.ECDSA_384);
        assertThat(SignatureScheme.fromIkev1AuthMethod(11)).contains(SignatureScheme.ECDSA_521);
        assertThat(SignatureScheme.fromIkev1AuthMethod(1)).as("PSK is not a signature scheme").isEmpty();
        assertThat(SignatureScheme.describeKey(TestPki.key("rsa2048-a").getPublic())).isEqualTo("RSA 2048-bit");
        assertThat(SignatureScheme.describeKey(TestPki.key("ec384-a").getPublic())).isEqualTo("EC P-384");
    }

    @Test
    void toStringNeverShowsKeyMaterial() {
        KeyPair key = TestPki.key("rsa2048-a");
        Signer signer = Signer.forKey(key.getPrivate());

        assertThat(signer).hasToString("Signer[RSA signatures]");
        assertThat(Verifier.forKey(key.getPublic())).hasToString("Verifier[RSA signatures]");
    }

    private static ECParameterSpec curve(String name) throws Exception {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec(name));
        return parameters.getParameterSpec(ECParameterSpec.class);
    }

    private static DSAKCalculator fixedK(BigInteger k) {
        return new DSAKCalculator() {
            @Override
            public boolean isDeterministic() {
                return true;
            }

            @Override
            public void init(BigInteger n, SecureRandom random) {
                throw new IllegalStateException("deterministic");
            }

            @Override
            public void init(BigInteger n, BigInteger d, byte[] message) {
                // k is fixed
            }

            @Override
            public BigInteger nextK() {
                return k;
            }
        };
    }
}
