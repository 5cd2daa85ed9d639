package io.gatewise.bench;

import io.gatewise.agent.ipsec.AesGcmTransform;
import io.gatewise.agent.ipsec.CbcHmacTransform;
import io.gatewise.agent.ipsec.EncryptionAlgorithm;
import io.gatewise.agent.ipsec.EspTransform;
import io.gatewise.agent.ipsec.IntegrityAlgorithm;
import io.gatewise.agent.ipsec.IntegrityCheck;
import io.gatewise.agent.ipsec.IvSource;
import java.util.concurrent.TimeUnit;
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
 * Encrypt + decrypt of one ESP packet per operation, per algorithm and payload size,
 * on one thread with the same reused transforms the datapath uses. MB/s = ops/s x size
 * ({@code bench/run-jmh.sh} prints that table).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class EspBenchmark {
    @Param({"AES_GCM_16_128", "AES_GCM_16_256", "AES_CBC_128+HMAC_SHA1_96", "AES_CBC_128+HMAC_SHA2_256_128",
        "AES_CBC_256+HMAC_SHA2_256_128", "AES_CBC_256+HMAC_SHA2_512_256", "TRIPLE_DES_CBC+HMAC_SHA1_96"})
    public String suite;

    @Param({"64", "1400", "65536"})
    public int size;

    private EspTransform sender;
    private EspTransform receiver;
    private byte[] payload;
    private byte[] wire;
    private byte[] plain;
    private long seq;

    @Setup
    public void setup() {
        sender = transform();
        receiver = transform();
        payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) i;
        }
        wire = new byte[size + 256];
        plain = new byte[size + 256];
    }

    private EspTransform transform() {
        String[] p = suite.split("\\+");
        EncryptionAlgorithm enc = EncryptionAlgorithm.valueOf(p[0]);
        byte[] key = new byte[enc.keyLength()];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 13 + 1);
        }
        if (enc.isAead()) {
            return new AesGcmTransform(key, false);
        }
        IntegrityAlgorithm integ = IntegrityAlgorithm.valueOf(p[1]);
        return new CbcHmacTransform(enc, key, new IntegrityCheck(integ, new byte[integ.keyLength()]), false,
                IvSource.encryptedCounter());
    }

    @Benchmark
    public int encryptDecrypt() {
        seq++;
        int n = sender.seal(0x1234, seq, payload, 0, size, 4, wire, 0);
        int m = receiver.open(seq, wire, 0, n, plain, 0);
        if (m != size) {
            throw new IllegalStateException("round trip failed: " + m);
        }
        return m;
    }
}
