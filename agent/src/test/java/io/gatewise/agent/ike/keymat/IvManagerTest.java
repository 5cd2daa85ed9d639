package io.gatewise.agent.ike.keymat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewise.agent.crypto.Bytes;
import io.gatewise.agent.crypto.HashAlgorithm;
import io.gatewise.agent.crypto.IkeCipher;
import org.junit.jupiter.api.Test;

class IvManagerTest {

    private static final byte[] GXI = {1, 2, 3};
    private static final byte[] GXR = {4, 5, 6};

    private static byte[] blocks(int count, int fill) {
        byte[] out = new byte[16 * count];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (fill + i);
        }
        return out;
    }

    @Test
    void phase1StartsWithTheHashOfBothPublicValuesAndThenChains() {
        IvManager ivs = new IvManager(HashAlgorithm.SHA1, IkeCipher.AES_CBC_128, GXI, GXR);
        assertThat(ivs.iv(0)).isEqualTo(Bytes.slice(HashAlgorithm.SHA1.hash(GXI, GXR), 0, 16));
        byte[] m5 = blocks(3, 0);
        ivs.update(0, m5);
        assertThat(ivs.iv(0)).isEqualTo(Bytes.slice(m5, 32, 16));
    }

    @Test
    void phase2IvDerivesFromTheLastPhase1BlockAndMessageId() {
        IvManager ivs = new IvManager(HashAlgorithm.SHA2_256, IkeCipher.AES_CBC_256, GXI, GXR);
        byte[] m6 = blocks(2, 7);
        ivs.update(0, m6);
        byte[] last = Bytes.slice(m6, 16, 16);
        int mid = 0xfedcba98;
        assertThat(ivs.iv(mid)).isEqualTo(
                Bytes.slice(HashAlgorithm.SHA2_256.hash(last, Bytes.uint32(mid)), 0, 16));
        assertThat(ivs.trackedExchanges()).as("asking stores nothing").isZero();

        byte[] qm1 = blocks(4, 99);
        ivs.update(mid, qm1);
        assertThat(ivs.iv(mid)).isEqualTo(Bytes.slice(qm1, 48, 16));
        assertThat(ivs.iv(0)).as("Phase 1 chain untouched").isEqualTo(last);
        ivs.remove(mid);
        assertThat(ivs.trackedExchanges()).isZero();
    }

    @Test
    void threeDesUsesEightByteIvs() {
        IvManager ivs = new IvManager(HashAlgorithm.MD5, IkeCipher.TRIPLE_DES_CBC, GXI, GXR);
        assertThat(ivs.iv(0)).hasSize(8);
        assertThat(ivs.iv(5)).hasSize(8);
        assertThatThrownBy(() -> ivs.update(5, new byte[12])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void remembersABoundedNumberOfExchangesLeastRecentlyUsedFirstOut() {
        IvManager ivs = new IvManager(HashAlgorithm.SHA1, IkeCipher.AES_CBC_128, GXI, GXR, 2);
        ivs.update(0, blocks(1, 0));
        ivs.update(1, blocks(1, 10));
        ivs.update(2, blocks(1, 20));
        ivs.iv(1); // touch 1, so 2 is the eldest
        ivs.update(3, blocks(1, 30));
        assertThat(ivs.trackedExchanges()).isEqualTo(2);
        assertThat(ivs.iv(1)).isEqualTo(blocks(1, 10));
        assertThat(ivs.iv(3)).isEqualTo(blocks(1, 30));
        assertThat(ivs.iv(2)).as("evicted: back to the derived first IV")
                .isEqualTo(IvManager.phase2Iv(HashAlgorithm.SHA1, 16, blocks(1, 0), 2));
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new IvManager(HashAlgorithm.SHA1, IkeCipher.AES_CBC_128, GXI, GXR, 0))
                .isInstanceOf(IllegalArgumentException.class);
        IvManager ivs = new IvManager(HashAlgorithm.SHA1, IkeCipher.AES_CBC_128, GXI, GXR);
        assertThatThrownBy(() -> ivs.update(0, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        byte[] copy = ivs.iv(0);
        copy[0] ^= 1;
        assertThat(ivs.iv(0)).as("callers get copies").isNotEqualTo(copy);
    }
}
