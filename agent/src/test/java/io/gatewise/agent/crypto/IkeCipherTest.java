package io.gatewise.agent.crypto;

import static io.gatewise.agent.crypto.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IkeCipherTest {

    static Stream<Arguments> vectors() {
        return VectorFile.read("/vectors/crypto/cbc.txt", 6).stream()
                .map(r -> Arguments.of(IkeCipher.valueOf(r[0]), r[1], r[2], r[3], r[4], r[5]));
    }

    @ParameterizedTest(name = "{0} {5}")
    @MethodSource("vectors")
    void encryptsAndDecryptsKnownAnswers(IkeCipher cipher, String key, String iv, String plain, String ct,
            String source) throws Exception {
        assertThat(cipher.encrypt(bytes(key), bytes(iv), bytes(plain))).isEqualTo(bytes(ct));
        assertThat(cipher.decrypt(bytes(key), bytes(iv), bytes(ct))).isEqualTo(bytes(plain));
    }

    @Test
    void refusesCiphertextThatIsNotBlockAligned() {
        IkeCipher c = IkeCipher.AES_CBC_128;
        assertThatThrownBy(() -> c.decrypt(new byte[16], new byte[16], new byte[17]))
                .isInstanceOf(InvalidCiphertextException.class).hasMessageContaining("17 bytes");
        assertThatThrownBy(() -> c.decrypt(new byte[16], new byte[16], new byte[0]))
                .isInstanceOf(InvalidCiphertextException.class);
        assertThatThrownBy(() -> IkeCipher.TRIPLE_DES_CBC.decrypt(new byte[24], new byte[8], new byte[12]))
                .isInstanceOf(InvalidCiphertextException.class);
    }

    @Test
    void refusesWrongKeyAndIvLengthsAndUnpaddedPlaintext() {
        assertThatThrownBy(() -> IkeCipher.AES_CBC_256.encrypt(new byte[16], new byte[16], new byte[16]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32-byte key");
        assertThatThrownBy(() -> IkeCipher.AES_CBC_128.encrypt(new byte[16], new byte[8], new byte[16]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16-byte IV");
        assertThatThrownBy(() -> IkeCipher.AES_CBC_128.encrypt(new byte[16], new byte[16], new byte[15]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pads");
    }

    @Test
    void mapsIkev1AttributesStrictly() {
        assertThat(IkeCipher.fromIkev1(7, 128)).contains(IkeCipher.AES_CBC_128);
        assertThat(IkeCipher.fromIkev1(7, 192)).contains(IkeCipher.AES_CBC_192);
        assertThat(IkeCipher.fromIkev1(7, 256)).contains(IkeCipher.AES_CBC_256);
        assertThat(IkeCipher.fromIkev1(7, 0)).as("RFC 3602: AES needs a key length").isEmpty();
        assertThat(IkeCipher.fromIkev1(7, 512)).isEmpty();
        assertThat(IkeCipher.fromIkev1(5, 0)).contains(IkeCipher.TRIPLE_DES_CBC);
        assertThat(IkeCipher.fromIkev1(5, 192)).isEmpty();
        assertThat(IkeCipher.fromIkev1(1, 0)).contains(IkeCipher.DES_CBC);
        assertThat(IkeCipher.fromIkev1(3, 0)).as("Blowfish").isEmpty();
        assertThat(IkeCipher.AES_CBC_256.keyLengthAttribute()).isEqualTo(256);
        assertThat(IkeCipher.TRIPLE_DES_CBC.keyLengthAttribute()).isZero();
    }

    @Test
    void desAnd3desAreWeak() {
        assertThat(Arrays.stream(IkeCipher.values()).filter(IkeCipher::isWeak))
                .containsExactlyInAnyOrder(IkeCipher.DES_CBC, IkeCipher.TRIPLE_DES_CBC);
        assertThat(IkeCipher.AES_CBC_128.plainName()).isEqualTo("AES-128");
    }

    record Case(IkeCipher cipher, byte[] key, byte[] iv, byte[] plaintext) {
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.of(IkeCipher.class).flatMap(c -> Combinators.combine(
                Arbitraries.bytes().array(byte[].class).ofSize(c.keyLength()),
                Arbitraries.bytes().array(byte[].class).ofSize(c.blockSize()),
                Arbitraries.integers().between(1, 40).flatMap(blocks ->
                        Arbitraries.bytes().array(byte[].class).ofSize(blocks * c.blockSize())))
                .as((k, iv, p) -> new Case(c, k, iv, p)));
    }

    @Property(tries = 300)
    void decryptInvertsEncrypt(@ForAll("cases") Case c) throws Exception {
        byte[] ct = c.cipher().encrypt(c.key(), c.iv(), c.plaintext());
        assertThat(ct).hasSameSizeAs(c.plaintext());
        assertThat(c.cipher().decrypt(c.key(), c.iv(), ct)).isEqualTo(c.plaintext());
    }

    @Property(tries = 100)
    void cbcChainsSoTheLastBlockIsTheNextIv(@ForAll("cases") Case c) throws Exception {
        // RFC 2409 Appendix B relies on this: encrypting A then B with B's IV = last block of
        // A's ciphertext equals encrypting A|B in one go.
        int b = c.cipher().blockSize();
        byte[] whole = c.cipher().encrypt(c.key(), c.iv(), Bytes.concat(c.plaintext(), c.plaintext()));
        byte[] first = c.cipher().encrypt(c.key(), c.iv(), c.plaintext());
        byte[] second = c.cipher().encrypt(c.key(), Bytes.slice(first, first.length - b, b), c.plaintext());
        assertThat(Bytes.concat(first, second)).isEqualTo(whole);
    }
}
