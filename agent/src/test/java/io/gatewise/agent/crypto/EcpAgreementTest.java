package io.gatewise.agent.crypto;

import static io.gatewise.agent.crypto.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.KeyAgreement;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ECDH of {@link EcpKeyPair} with {@link RegularWindowMultiplier} against independent
 * implementations: the JDK's SunEC ECDH and Bouncy Castle's reference multiplication.
 * (RFC 5903 section 8 known answers are in {@link DhGroupTest}.)
 */
class EcpAgreementTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Our agreement on a JDK-generated public value equals the JDK's ECDH on ours, for many pairs. */
    @Property(tries = 300, generation = GenerationMode.RANDOMIZED)
    void agreementEqualsTheJdksEcdh(@ForAll("ecpGroups") DhGroup group, @ForAll long seed) throws Exception {
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(seed);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(group.curveName()), random);
        KeyPair jdk = generator.generateKeyPair();
        DhKeyPair ours = group.newKeyPair(random);

        byte[] ourSecret = ours.sharedSecret(encode(group, (ECPublicKey) jdk.getPublic()));
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(jdk.getPrivate());
        agreement.doPhase(decode(group, ours.publicValue(), ((ECPublicKey) jdk.getPublic()).getParams()), true);
        byte[] jdkSecret = agreement.generateSecret();

        assertThat(ourSecret).hasSize(group.sharedSecretLength()).isEqualTo(jdkSecret);
    }

    @Provide
    Arbitrary<DhGroup> ecpGroups() {
        return Arbitraries.of(DhGroup.ECP_256, DhGroup.ECP_384);
    }

    /**
     * The multiplier against Bouncy Castle's (variable-time) reference for the scalars at the
     * edges of the recoding: 1, 2, the window boundaries, both parities, n-2 and n-1 (whose
     * recoded form n - k is 1 or 2), and the largest scalars; every width and three curves.
     */
    @ParameterizedTest
    @ValueSource(strings = {"secp256r1", "secp384r1", "secp521r1"})
    void multiplierEqualsTheReferenceAtTheEdges(String curveName) {
        X9ECParameters params = CustomNamedCurves.getByName(curveName);
        BigInteger n = params.getN();
        ECPoint q = params.getG().multiply(new BigInteger(n.bitLength() - 1, RANDOM).add(BigInteger.TWO)).normalize();
        List<BigInteger> scalars = new ArrayList<>();
        for (int i = 1; i <= 70; i++) {
            scalars.add(BigInteger.valueOf(i));
            scalars.add(n.subtract(BigInteger.valueOf(i)));
        }
        for (int bit = 1; bit < n.bitLength(); bit += 7) {
            scalars.add(BigInteger.ONE.shiftLeft(bit));
            scalars.add(BigInteger.ONE.shiftLeft(bit).subtract(BigInteger.ONE));
            scalars.add(BigInteger.ONE.shiftLeft(bit).add(BigInteger.ONE));
        }
        scalars.add(BigInteger.ONE.shiftLeft(n.bitLength() - 1).subtract(BigInteger.ONE)); // all ones below 2^(bits-1)
        for (int i = 0; i < 20; i++) {
            scalars.add(new BigInteger(n.bitLength() + 8, RANDOM).mod(n.subtract(BigInteger.ONE)).add(BigInteger.ONE));
        }
        for (int width = 2; width <= 6; width++) {
            RegularWindowMultiplier multiplier = new RegularWindowMultiplier(params.getCurve(), width);
            for (BigInteger k : scalars) {
                ECPoint expected = q.multiply(k).normalize();
                assertThat(multiplier.multiply(q, k))
                        .as("%s, width %d, k = %s", curveName, width, k.toString(16))
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void multiplierRefusesScalarsOutOfRangeAndInfinity() {
        X9ECParameters params = CustomNamedCurves.getByName("secp256r1");
        RegularWindowMultiplier multiplier = new RegularWindowMultiplier(params.getCurve(), 5);
        ECPoint g = params.getG();
        assertThatThrownBy(() -> multiplier.multiply(g, BigInteger.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> multiplier.multiply(g, params.getN())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> multiplier.multiply(g, BigInteger.ONE.negate()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> multiplier.multiply(params.getCurve().getInfinity(), BigInteger.ONE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // RFC 5903 section 8.1: gr, the responder's public value.
    private static final String P256_GR = "D12DFB52 89C8D4F8 1208B702 70398C34 2296970A 0BCCB74C 736FC755 4494BF63"
            + "56FBF3CA 366CC23E 8157854C 13C58D6A AC23F046 ADA30F83 53E74F33 039872AB";
    private static final String P256_PRIME = "FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF";

    @Test
    void invalidPeerValuesAreRefusedWithTheReason() {
        DhKeyPair pair = DhGroup.ECP_256.newKeyPair(RANDOM);
        byte[] valid = bytes(P256_GR);

        assertThatThrownBy(() -> pair.sharedSecret(new byte[64]))
                .isInstanceOf(InvalidPublicValueException.class)
                .hasMessage("ECP-256 public value refused: all zero (the point at infinity)");

        byte[] offCurve = valid.clone();
        offCurve[63] ^= 1;
        assertThatThrownBy(() -> pair.sharedSecret(offCurve))
                .isInstanceOf(InvalidPublicValueException.class)
                .hasMessage("ECP-256 public value refused: not a point on the curve");
        byte[] zeroY = Arrays.copyOf(valid, 64);
        Arrays.fill(zeroY, 32, 64, (byte) 0);
        assertThatThrownBy(() -> pair.sharedSecret(zeroY)).hasMessageContaining("not a point on the curve");

        // x = p (it would alias 0) and y = p + y' (it would alias a valid y)
        byte[] xIsP = Bytes.concat(bytes(P256_PRIME), Bytes.slice(valid, 32, 32));
        assertThatThrownBy(() -> pair.sharedSecret(xIsP))
                .isInstanceOf(InvalidPublicValueException.class)
                .hasMessageContaining("coordinate not below the field prime p");
        byte[] yAllOnes = Bytes.concat(Bytes.slice(valid, 0, 32), bytes("FF".repeat(32)));
        assertThatThrownBy(() -> pair.sharedSecret(yAllOnes)).hasMessageContaining("coordinate not below");

        for (int length : new int[] {0, 32, 63, 65, 96}) {
            assertThatThrownBy(() -> pair.sharedSecret(new byte[length]))
                    .isInstanceOf(InvalidPublicValueException.class)
                    .hasMessage("ECP-256 public value refused: length " + length + " bytes, expected 64");
        }
        assertThatThrownBy(() -> pair.sharedSecret(null))
                .isInstanceOf(InvalidPublicValueException.class).hasMessageContaining("length 0");
        // a refused value leaves the pair usable
        assertThat(pairAgreesWithItsPeer(pair)).isTrue();
    }

    @Test
    void negatedPeerPointGivesTheSameSecret() throws Exception {
        // x(d·(-Q)) = x(-(d·Q)) = x(d·Q): the sign flip of the recoding must not leak into the result
        DhKeyPair pair = DhGroup.ECP_256.newKeyPair(RANDOM);
        byte[] peer = DhGroup.ECP_256.newKeyPair(RANDOM).publicValue();
        BigInteger p = new BigInteger(P256_PRIME, 16);
        BigInteger y = new BigInteger(1, Bytes.slice(peer, 32, 32));
        byte[] negated = Bytes.concat(Bytes.slice(peer, 0, 32), DhKeyPair.toFixedLength(p.subtract(y), 32));
        assertThat(pair.sharedSecret(negated)).isEqualTo(pair.sharedSecret(peer));
    }

    private static boolean pairAgreesWithItsPeer(DhKeyPair pair) {
        try {
            DhKeyPair other = DhGroup.ECP_256.newKeyPair(RANDOM);
            return Arrays.equals(pair.sharedSecret(other.publicValue()), other.sharedSecret(pair.publicValue()));
        } catch (InvalidPublicValueException e) {
            return false;
        }
    }

    private static byte[] encode(DhGroup group, ECPublicKey key) {
        int len = group.sharedSecretLength();
        return Bytes.concat(DhKeyPair.toFixedLength(key.getW().getAffineX(), len),
                DhKeyPair.toFixedLength(key.getW().getAffineY(), len));
    }

    private static PublicKey decode(DhGroup group, byte[] value, ECParameterSpec spec) throws Exception {
        int len = group.sharedSecretLength();
        java.security.spec.ECPoint w = new java.security.spec.ECPoint(new BigInteger(1, Bytes.slice(value, 0, len)),
                new BigInteger(1, Bytes.slice(value, len, len)));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, spec));
    }
}
