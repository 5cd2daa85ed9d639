package io.gatewise.agent.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RandomSourceTest {

    @Test
    void secureSourceGivesFreshValuesOfTheAskedLength() throws Exception {
        RandomSource random = RandomSource.secure();
        byte[] a = random.nonce(Nonces.DEFAULT_LENGTH);
        assertThat(a).hasSize(32).isNotEqualTo(random.nonce(32));
        DhKeyPair x = random.newKeyPair(DhGroup.MODP_2048);
        DhKeyPair y = random.newKeyPair(DhGroup.MODP_2048);
        assertThat(x.sharedSecret(y.publicValue())).isEqualTo(y.sharedSecret(x.publicValue()));
        assertThat(random.toString()).startsWith("RandomSource[");
    }

    @Test
    void fixedSourceReplaysAnExchangeByteForByte() throws Exception {
        byte[] nonce = Hex.bytes("0102030405060708");
        FixedRandomSource first = new FixedRandomSource(7).withNonces(nonce);
        FixedRandomSource second = new FixedRandomSource(7).withNonces(nonce);
        assertThat(first.nonce(32)).isEqualTo(nonce);
        assertThat(first.nonce(32)).isEqualTo(second.randomBytes(32));
        for (DhGroup group : DhGroup.values()) {
            assertThat(first.newKeyPair(group).publicValue()).isEqualTo(second.newKeyPair(group).publicValue());
        }
        byte[] i = Hex.bytes("C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433");
        assertThat(new FixedRandomSource(1).withPrivateValues(DhGroup.ECP_256, i).newKeyPair(DhGroup.ECP_256)
                .publicValue()).isEqualTo(DhGroup.ECP_256.keyPair(i).publicValue());
    }

    @Test
    void nonceLengthRules() {
        assertThat(Nonces.isValidIkev1Length(7)).isFalse();
        assertThat(Nonces.isValidIkev1Length(8)).isTrue();
        assertThat(Nonces.isValidIkev1Length(256)).isTrue();
        assertThat(Nonces.isValidIkev1Length(257)).isFalse();
        assertThat(Nonces.isValidIkev2Length(16, PrfAlgorithm.HMAC_SHA1)).isTrue();
        assertThat(Nonces.isValidIkev2Length(16, PrfAlgorithm.HMAC_SHA2_512)).isFalse();
        assertThat(Nonces.generate(new FixedRandomSource(3))).hasSize(Nonces.DEFAULT_LENGTH);
    }
}
