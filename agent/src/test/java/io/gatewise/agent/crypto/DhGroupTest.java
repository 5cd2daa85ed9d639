package io.gatewise.agent.crypto;

import static io.gatewise.agent.crypto.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.interfaces.DHPublicKey;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DhGroupTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** RFC 2409 6.1/6.2 and RFC 3526: p = 2^n - 2^(n-64) - 1 + 2^64 * ([2^(n-130) pi] + offset). */
    private static final Map<DhGroup, Integer> PI_OFFSETS = Map.of(
            DhGroup.MODP_768, 149686,
            DhGroup.MODP_1024, 129093,
            DhGroup.MODP_1536, 741804,
            DhGroup.MODP_2048, 124476,
            DhGroup.MODP_3072, 1690314,
            DhGroup.MODP_4096, 240904);

    @ParameterizedTest
    @EnumSource(value = DhGroup.class, names = "MODP_.*", mode = EnumSource.Mode.MATCH_ALL)
    void modpPrimeFollowsTheRfcFormula(DhGroup group) {
        BigInteger p = group.prime().orElseThrow();
        int n = p.bitLength();
        assertThat(group.plainName()).isEqualTo("MODP-" + n);
        BigInteger expected = BigInteger.TWO.pow(n).subtract(BigInteger.TWO.pow(n - 64)).subtract(BigInteger.ONE)
                .add(BigInteger.TWO.pow(64).multiply(piTimesPowerOfTwo(n - 130)
                        .add(BigInteger.valueOf(PI_OFFSETS.get(group)))));
        assertThat(p).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(value = DhGroup.class, names = "MODP_.*", mode = EnumSource.Mode.MATCH_ALL)
    void modpPrimeEqualsTheJdksCopyOfTheSameGroup(DhGroup group) throws Exception {
        // SunJCE ships RFC 2409/3526 primes as its default DH parameters for these sizes.
        KeyPairGenerator generator = KeyPairGenerator.getInstance("DH");
        int bits = group.prime().orElseThrow().bitLength();
        generator.initialize(bits);
        DHPublicKey key = (DHPublicKey) generator.generateKeyPair().getPublic();
        assertThat(key.getParams().getP()).isEqualTo(group.prime().orElseThrow());
        assertThat(key.getParams().getG()).isEqualTo(BigInteger.TWO);
    }

    @Test
    void modp2048IsASafePrime() {
        BigInteger p = DhGroup.MODP_2048.prime().orElseThrow();
        assertThat(p.isProbablePrime(16)).isTrue();
        assertThat(p.shiftRight(1).isProbablePrime(16)).isTrue();
    }

    /** floor(pi * 2^k) by Machin's formula, with guard bits. */
    private static BigInteger piTimesPowerOfTwo(int k) {
        int guard = 64;
        BigInteger one = BigInteger.ONE.shiftLeft(k + guard);
        BigInteger pi = arctanInverse(5, one).multiply(BigInteger.valueOf(16))
                .subtract(arctanInverse(239, one).multiply(BigInteger.valueOf(4)));
        return pi.shiftRight(guard);
    }

    private static BigInteger arctanInverse(int x, BigInteger one) {
        BigInteger xx = BigInteger.valueOf((long) x * x);
        BigInteger term = one.divide(BigInteger.valueOf(x));
        BigInteger sum = term;
        for (int n = 3, sign = -1; term.signum() != 0; n += 2, sign = -sign) {
            term = term.divide(xx);
            sum = sum.add(term.divide(BigInteger.valueOf(n)).multiply(BigInteger.valueOf(sign)));
        }
        return sum;
    }

    @Test
    void ianaNumbersAndWeakness() {
        assertThat(Arrays.stream(DhGroup.values()).mapToInt(DhGroup::ianaId))
                .containsExactly(1, 2, 5, 14, 15, 16, 19, 20);
        assertThat(DhGroup.fromIanaId(14)).contains(DhGroup.MODP_2048);
        assertThat(DhGroup.fromIanaId(21)).isEmpty();
        assertThat(Arrays.stream(DhGroup.values()).filter(DhGroup::isWeak))
                .containsExactly(DhGroup.MODP_768, DhGroup.MODP_1024);
        assertThat(DhGroup.ECP_256.publicValueLength()).isEqualTo(64);
        assertThat(DhGroup.ECP_256.sharedSecretLength()).isEqualTo(32);
        assertThat(DhGroup.ECP_384.publicValueLength()).isEqualTo(96);
        assertThat(DhGroup.MODP_2048.publicValueLength()).isEqualTo(256);
        assertThat(DhGroup.MODP_768.publicValueLength()).isEqualTo(96);
    }

    // RFC 5903 section 8.1 (256-bit random ECP group).
    private static final String P256_I = "C88F01F5 10D9AC3F 70A292DA A2316DE5 44E9AAB8 AFE84049 C62A9C57 862D1433";
    private static final String P256_GI = "DAD0B653 94221CF9 B051E1FE CA5787D0 98DFE637 FC90B9EF 945D0C37 72581180"
            + "5271A046 1CDB8252 D61F1C45 6FA3E59A B1F45B33 ACCF5F58 389E0577 B8990BB3";
    private static final String P256_R = "C6EF9C5D 78AE012A 011164AC B397CE20 88685D8F 06BF9BE0 B283AB46 476BEE53";
    private static final String P256_GR = "D12DFB52 89C8D4F8 1208B702 70398C34 2296970A 0BCCB74C 736FC755 4494BF63"
            + "56FBF3CA 366CC23E 8157854C 13C58D6A AC23F046 ADA30F83 53E74F33 039872AB";
    private static final String P256_GIR = "D6840F6B 42F6EDAF D13116E0 E1256520 2FEF8E9E CE7DCE03 812464D0 4B9442DE";

    // RFC 5903 section 8.2 (384-bit random ECP group).
    private static final String P384_I = "099F3C70 34D4A2C6 99884D73 A375A67F 7624EF7C 6B3C0F16 0647B674 14DCE655"
            + "E35B5380 41E649EE 3FAEF896 783AB194";
    private static final String P384_GI = "667842D7 D180AC2C DE6F74F3 7551F557 55C7645C 20EF73E3 1634FE72 B4C55EE6"
            + "DE3AC808 ACB4BDB4 C88732AE E95F41AA"
            + "9482ED1F C0EEB9CA FC498462 5CCFC23F 65032149 E0E144AD A0241815 35A0F38E"
            + "EB9FCFF3 C2C947DA E69B4C63 4573A81C";
    private static final String P384_GR = "E558DBEF 53EECDE3 D3FCCFC1 AEA08A89 A987475D 12FD950D 83CFA417 32BC509D"
            + "0D1AC43A 0336DEF9 6FDA41D0 774A3571"
            + "DCFBEC7A ACF31964 72169E83 8430367F 66EEBE3C 6E70C416 DD5F0C68 759DD1FF"
            + "F83FA401 42209DFF 5EAAD96D B9E6386C";
    private static final String P384_GIR = "11187331 C279962D 93D60424 3FD592CB 9D0A926F 422E4718 7521287E 7156C5C4"
            + "D6031355 69B9E9D0 9CF5D4A2 70F59746";

    @Test
    void ecp256MatchesRfc5903Section81() throws Exception {
        DhKeyPair initiator = DhGroup.ECP_256.keyPair(bytes(P256_I));
        DhKeyPair responder = DhGroup.ECP_256.keyPair(bytes(P256_R));
        assertThat(initiator.publicValue()).isEqualTo(bytes(P256_GI));
        assertThat(responder.publicValue()).isEqualTo(bytes(P256_GR));
        assertThat(initiator.sharedSecret(bytes(P256_GR))).isEqualTo(bytes(P256_GIR));
        assertThat(responder.sharedSecret(bytes(P256_GI))).isEqualTo(bytes(P256_GIR));
    }

    @Test
    void ecp384MatchesRfc5903Section82() throws Exception {
        DhKeyPair initiator = DhGroup.ECP_384.keyPair(bytes(P384_I));
        assertThat(initiator.publicValue()).isEqualTo(bytes(P384_GI));
        assertThat(initiator.sharedSecret(bytes(P384_GR))).isEqualTo(bytes(P384_GIR));
    }

    @Test
    void ecpRefusesPointsOffTheCurveAndWrongLengths() {
        DhKeyPair pair = DhGroup.ECP_256.newKeyPair(RANDOM);
        byte[] offCurve = bytes(P256_GR);
        offCurve[63] ^= 1;
        assertThatThrownBy(() -> pair.sharedSecret(offCurve))
                .isInstanceOf(InvalidPublicValueException.class).hasMessageContaining("not a point on the curve");
        assertThatThrownBy(() -> pair.sharedSecret(new byte[64]))
                .isInstanceOf(InvalidPublicValueException.class);
        byte[] sec1 = Bytes.concat(new byte[] {4}, bytes(P256_GR));
        assertThatThrownBy(() -> pair.sharedSecret(sec1))
                .isInstanceOf(InvalidPublicValueException.class).hasMessageContaining("length 65");
        // x coordinate = p (out of the field) with an otherwise plausible y
        byte[] xIsP = Bytes.concat(bytes("FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF"),
                Bytes.slice(bytes(P256_GR), 32, 32));
        assertThatThrownBy(() -> pair.sharedSecret(xIsP)).isInstanceOf(InvalidPublicValueException.class);
        assertThatThrownBy(() -> DhGroup.ECP_256.keyPair(new byte[32]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void modpRefusesDegenerateAndMisSizedValues() throws Exception {
        DhGroup g = DhGroup.MODP_2048;
        DhKeyPair pair = g.newKeyPair(RANDOM);
        BigInteger p = g.prime().orElseThrow();
        for (BigInteger bad : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, p.subtract(BigInteger.ONE), p}) {
            byte[] value = DhKeyPair.toFixedLength(bad, 256);
            assertThatThrownBy(() -> pair.sharedSecret(value))
                    .isInstanceOf(InvalidPublicValueException.class).hasMessageContaining("1 < y < p-1")
                    .extracting(e -> ((InvalidPublicValueException) e).group()).isEqualTo(g);
        }
        assertThatThrownBy(() -> pair.sharedSecret(new byte[255]))
                .isInstanceOf(InvalidPublicValueException.class).hasMessageContaining("expected 256");
        assertThat(pair.sharedSecret(DhKeyPair.toFixedLength(BigInteger.TWO, 256))).hasSize(256);
    }

    @Test
    void fixedLengthEncodingPadsAndStripsTheSignByte() {
        assertThat(DhKeyPair.toFixedLength(BigInteger.valueOf(0x1234), 4)).isEqualTo(bytes("00001234"));
        assertThat(DhKeyPair.toFixedLength(new BigInteger("ff00ff00", 16), 4)).isEqualTo(bytes("ff00ff00"));
    }

    @Test
    void modpKnownAnswerFromFixedExponents() throws Exception {
        // g^x with x = 2: the public value is 4, left-padded to the prime length.
        DhKeyPair two = DhGroup.MODP_1024.keyPair(new byte[] {2});
        byte[] expected = new byte[128];
        expected[127] = 4;
        assertThat(two.publicValue()).isEqualTo(expected);
        DhKeyPair three = DhGroup.MODP_1024.keyPair(new byte[] {3});
        // (g^2)^3 = g^6 = 64
        assertThat(three.sharedSecret(two.publicValue())[127]).isEqualTo((byte) 64);
    }

    @Test
    void destroyedPairRefusesToCompute() {
        DhKeyPair pair = DhGroup.ECP_256.newKeyPair(RANDOM);
        byte[] peer = DhGroup.ECP_256.newKeyPair(RANDOM).publicValue();
        pair.destroy();
        assertThat(pair.isDestroyed()).isTrue();
        assertThat(pair.toString()).isEqualTo("DhKeyPair[ECP-256, destroyed]");
        assertThatThrownBy(() -> pair.sharedSecret(peer)).isInstanceOf(IllegalStateException.class);
    }

    @Property(tries = 40, generation = GenerationMode.RANDOMIZED)
    void bothSidesAgreeForEveryGroup(@ForAll DhGroup group) throws Exception {
        DhKeyPair a = group.newKeyPair(RANDOM);
        DhKeyPair b = group.newKeyPair(RANDOM);
        assertThat(a.publicValue()).hasSize(group.publicValueLength());
        byte[] ab = a.sharedSecret(b.publicValue());
        assertThat(ab).hasSize(group.sharedSecretLength()).isEqualTo(b.sharedSecret(a.publicValue()));
        assertThat(a.publicValue()).isNotEqualTo(b.publicValue());
    }

    /** Our generated public value against the JDK's own ECDH, an independent implementation. */
    @ParameterizedTest
    @EnumSource(value = DhGroup.class, names = "ECP_.*", mode = EnumSource.Mode.MATCH_ALL)
    void generatedEcpPublicValueAgreesWithTheJdksEcdh(DhGroup group) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec(group.curveName()), RANDOM);
        for (int i = 0; i < 5; i++) {
            DhKeyPair ours = group.newKeyPair(RANDOM);
            java.security.KeyPair jdk = g.generateKeyPair();
            java.security.spec.ECPoint w = ((java.security.interfaces.ECPublicKey) jdk.getPublic()).getW();
            byte[] jdkPublic = new byte[group.publicValueLength()];
            byte[] x = DhKeyPair.toFixedLength(w.getAffineX(), group.elementLength());
            byte[] y = DhKeyPair.toFixedLength(w.getAffineY(), group.elementLength());
            System.arraycopy(x, 0, jdkPublic, 0, x.length);
            System.arraycopy(y, 0, jdkPublic, x.length, y.length);
            int len = group.elementLength();
            java.security.spec.ECParameterSpec spec = ((java.security.interfaces.ECPublicKey) jdk.getPublic())
                    .getParams();
            java.security.PublicKey oursAsJdk = java.security.KeyFactory.getInstance("EC").generatePublic(
                    new java.security.spec.ECPublicKeySpec(new java.security.spec.ECPoint(
                            new BigInteger(1, Arrays.copyOfRange(ours.publicValue(), 0, len)),
                            new BigInteger(1, Arrays.copyOfRange(ours.publicValue(), len, 2 * len))), spec));
            javax.crypto.KeyAgreement ka = javax.crypto.KeyAgreement.getInstance("ECDH");
            ka.init(jdk.getPrivate());
            ka.doPhase(oursAsJdk, true);
            assertThat(ours.sharedSecret(jdkPublic)).isEqualTo(ka.generateSecret());
        }
    }
}
