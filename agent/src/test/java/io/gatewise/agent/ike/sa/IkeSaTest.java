package io.gatewise.agent.ike.sa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

import io.gatewise.agent.crypto.HashAlgorithm;
import io.gatewise.agent.crypto.IkeCipher;
import io.gatewise.agent.ike.keymat.IvManager;
import io.gatewise.agent.ike.keymat.Keymat;

class IkeSaTest {
    @Test
    void keysAreWipedWhenTheSaDies() throws Exception {
        IkeSa sa = new IkeSa(new IkeSaId(1, 2), IkeSa.Role.INITIATOR, null,
                new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 500),
                new InetSocketAddress(InetAddress.getByName("192.0.2.2"), 500), 0);
        Keymat keymat = Keymat.forPreSharedKey(HashAlgorithm.SHA1, IkeCipher.AES_CBC_128, new byte[] {1, 2, 3},
                new byte[16], new byte[16], new byte[256], new byte[8], new byte[8]);
        sa.setKeys(keymat, new IvManager(HashAlgorithm.SHA1, IkeCipher.AES_CBC_128, new byte[256], new byte[256]));
        assertThat(sa.hasKeys()).isTrue();
        sa.destroy();
        assertThat(sa.state()).isEqualTo(IkeSa.State.DEAD);
        assertThat(keymat.isDestroyed()).isTrue();
        assertThat(sa.hasKeys()).isFalse();
        assertThatThrownBy(keymat::skeyidA).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void cookiePairIsTheDeleteAndNotifySpi() {
        IkeSaId id = new IkeSaId(0x0102030405060708L, 0x1112131415161718L);
        assertThat(id.toBytes()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18);
        assertThat(id).hasToString("0102030405060708_1112131415161718");
    }
}
