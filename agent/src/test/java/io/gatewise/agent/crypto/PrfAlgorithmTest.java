package io.gatewise.agent.crypto;

import static io.gatewise.agent.crypto.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PrfAlgorithmTest {

    static Stream<Arguments> rfcVectors() {
        return VectorFile.read("/vectors/crypto/hmac.txt", 5).stream()
                .map(r -> Arguments.of(PrfAlgorithm.valueOf(r[0]), r[1], r[2], r[3], r[4]));
    }

    @ParameterizedTest(name = "{0} {4}")
    @MethodSource("rfcVectors")
    void matchesRfc2202AndRfc4231(PrfAlgorithm prf, String key, String data, String expected, String source) {
        assertThat(prf.prf(bytes(key), bytes(data))).isEqualTo(bytes(expected));
    }

    @Test
    void dataPartsAreConcatenated() {
        byte[] key = bytes("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] whole = PrfAlgorithm.HMAC_SHA2_256.prf(key, "Hi There".getBytes());
        assertThat(PrfAlgorithm.HMAC_SHA2_256.prf(key, "Hi ".getBytes(), null, "There".getBytes()))
                .isEqualTo(whole);
    }

    @Test
    void emptyKeyIsHmacWithAllZeroPad() {
        // HMAC-SHA256("", "") from the definition: a 64-byte zero key.
        assertThat(PrfAlgorithm.HMAC_SHA2_256.prf(new byte[0]))
                .isEqualTo(bytes("b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"));
        assertThat(PrfAlgorithm.HMAC_SHA1.prf(new byte[0], new byte[0]))
                .isEqualTo(PrfAlgorithm.HMAC_SHA1.prf(new byte[64]));
    }

    @Test
    void hashAttributeIdsFollowRfc2409AndRfc4868() {
        assertThat(HashAlgorithm.fromIkev1Id(1)).contains(HashAlgorithm.MD5);
        assertThat(HashAlgorithm.fromIkev1Id(2)).contains(HashAlgorithm.SHA1);
        assertThat(HashAlgorithm.fromIkev1Id(3)).isEmpty(); // Tiger, not supported
        assertThat(HashAlgorithm.fromIkev1Id(4)).contains(HashAlgorithm.SHA2_256);
        assertThat(HashAlgorithm.fromIkev1Id(5)).contains(HashAlgorithm.SHA2_384);
        assertThat(HashAlgorithm.fromIkev1Id(6)).contains(HashAlgorithm.SHA2_512);
        for (HashAlgorithm h : HashAlgorithm.values()) {
            assertThat(h.hmac().hash()).isEqualTo(h);
            assertThat(h.hmac().outputLength()).isEqualTo(h.outputLength());
            assertThat(h.hash(new byte[0])).hasSize(h.outputLength());
        }
    }

    @Test
    void plainHashIsNotHmac() {
        // SHA-1("abc"), FIPS 180-2 appendix A.1.
        assertThat(HashAlgorithm.SHA1.hash("ab".getBytes(), "c".getBytes()))
                .isEqualTo(bytes("a9993e364706816aba3e25717850c26c9cd0d89d"));
    }

    @Test
    void onlyMd5IsWeak() {
        assertThat(HashAlgorithm.MD5.isWeak()).isTrue();
        assertThat(PrfAlgorithm.HMAC_MD5.isWeak()).isTrue();
        assertThat(PrfAlgorithm.HMAC_SHA1.isWeak()).isFalse();
        assertThat(PrfAlgorithm.HMAC_SHA2_256.plainName()).isEqualTo("HMAC-SHA2-256");
        assertThat(HashAlgorithm.SHA1.plainName()).isEqualTo("SHA1");
    }
}
