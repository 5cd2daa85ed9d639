package io.gatewise.bench;

import io.gatewise.agent.crypto.DhGroup;
import io.gatewise.agent.crypto.DhKeyPair;
import io.gatewise.agent.crypto.InvalidPublicValueException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.crypto.KeyAgreement;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One ECDH agreement (the responder's half of an ECP key exchange: validate the peer's
 * KE value, d·Q, the x coordinate) per operation, µs/op, one thread:
 *
 * <ul>
 *   <li>{@code gatewise}: {@code DhKeyPair.sharedSecret}, what the agent runs
 *       (RegularWindowMultiplier on Bouncy Castle's curve arithmetic);
 *   <li>{@code sunec}: the former path, the JDK's KeyFactory + KeyAgreement "ECDH" with our
 *       on-curve check (SunEC also computes n·Q to validate the point);
 *   <li>{@code bcWnaf}: Bouncy Castle's default (variable-time wNAF) multiplication, not used
 *       for secrets, for reference only;
 *   <li>{@code windowWidth}: RegularWindowMultiplier alone at width {@code width} (through
 *       reflection: the class is package-private), to choose the width;
 *   <li>{@code keyGeneration}: a fresh key pair as the agent makes it ({@code DhGroup.newKeyPair}:
 *       random scalar, d·G, encoding; for P-256 our P256FixedBase), and {@code bcComb} the
 *       former key generation's d·G, Bouncy Castle's FixedPointCombMultiplier, for comparison.
 * </ul>
 * {@code bench/run-jmh.sh EcdhBenchmark} or {@code bench/run-jmh.sh EcdhBenchmark -p group=ECP_256}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class EcdhBenchmark {
    @Param({"ECP_256", "ECP_384"})
    public String group;

    @Param({"5"})
    public int width;

    private DhGroup dh;
    private DhKeyPair ours;
    private byte[] peerValue;
    private PrivateKey jdkPrivate;
    private ECParameterSpec jdkParams;
    private org.bouncycastle.math.ec.ECPoint bcPeer;
    private BigInteger scalar;
    private Object multiplier;
    private Method multiply;
    private SecureRandom random;
    private org.bouncycastle.math.ec.ECPoint bcG;

    @Setup
    public void setup() throws Exception {
        dh = DhGroup.valueOf(group);
        random = new SecureRandom();
        peerValue = dh.newKeyPair(random).publicValue();
        String curve = dh == DhGroup.ECP_256 ? "secp256r1" : "secp384r1";
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve), random);
        jdkPrivate = generator.generateKeyPair().getPrivate();
        jdkParams = ((ECPrivateKey) jdkPrivate).getParams();
        scalar = ((ECPrivateKey) jdkPrivate).getS();
        ours = dh.keyPair(scalar.toByteArray()); // the same private scalar on both paths
        X9ECParameters bc = CustomNamedCurves.getByName(curve);
        bcG = bc.getG();
        int len = dh.sharedSecretLength();
        bcPeer = bc.getCurve().createPoint(new BigInteger(1, Arrays.copyOfRange(peerValue, 0, len)),
                new BigInteger(1, Arrays.copyOfRange(peerValue, len, 2 * len)));
        Class<?> type = Class.forName("io.gatewise.agent.crypto.RegularWindowMultiplier");
        Constructor<?> constructor = type.getDeclaredConstructor(ECCurve.class, int.class);
        constructor.setAccessible(true);
        multiplier = constructor.newInstance(bc.getCurve(), width);
        multiply = type.getDeclaredMethod("multiply", org.bouncycastle.math.ec.ECPoint.class, BigInteger.class);
        multiply.setAccessible(true);
        if (!Arrays.equals(gatewise(), sunec())) {
            throw new IllegalStateException("gatewise and SunEC disagree");
        }
    }

    @Benchmark
    public byte[] gatewise() throws InvalidPublicValueException {
        return ours.sharedSecret(peerValue);
    }

    @Benchmark
    public byte[] sunec() throws Exception {
        int len = dh.sharedSecretLength();
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(peerValue, 0, len));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(peerValue, len, 2 * len));
        BigInteger p = ((java.security.spec.ECFieldFp) jdkParams.getCurve().getField()).getP();
        BigInteger rhs = x.multiply(x).add(jdkParams.getCurve().getA()).multiply(x).add(jdkParams.getCurve().getB()).mod(p);
        if (!y.multiply(y).mod(p).equals(rhs)) {
            throw new IllegalStateException("not on the curve");
        }
        ECPublicKey peer = (ECPublicKey) KeyFactory.getInstance("EC")
                .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), jdkParams));
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(jdkPrivate);
        agreement.doPhase(peer, true);
        return agreement.generateSecret();
    }

    @Benchmark
    public org.bouncycastle.math.ec.ECPoint bcWnaf() {
        return bcPeer.multiply(scalar).normalize();
    }

    @Benchmark
    public DhKeyPair keyGeneration() {
        return dh.newKeyPair(random);
    }

    @Benchmark
    public org.bouncycastle.math.ec.ECPoint bcComb() {
        return new org.bouncycastle.math.ec.FixedPointCombMultiplier().multiply(bcG, scalar).normalize();
    }

    @Benchmark
    public Object windowWidth() throws Exception {
        return multiply.invoke(multiplier, bcPeer, scalar);
    }
}
