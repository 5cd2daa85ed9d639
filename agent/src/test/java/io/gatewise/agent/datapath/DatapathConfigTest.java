package io.gatewise.agent.datapath;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewise.agent.ipsec.AesGcmTransform;
import io.gatewise.agent.ipsec.CbcHmacTransform;
import io.gatewise.agent.ipsec.EncryptionAlgorithm;
import io.gatewise.agent.ipsec.EspTransform;
import io.gatewise.agent.ipsec.IntegrityAlgorithm;
import io.gatewise.agent.ipsec.IntegrityCheck;
import io.gatewise.agent.ipsec.IvSource;
import org.junit.jupiter.api.Test;

class DatapathConfigTest {
    @Test
    void tunMtuLeavesRoomForEveryAlgorithm() {
        for (int outer : new int[] {1280, 1420, 1500, 9000}) {
            int tunMtu = DatapathConfig.tunMtuFor(outer);
            for (EncryptionAlgorithm enc : EncryptionAlgorithm.values()) {
                for (IntegrityAlgorithm integ : IntegrityAlgorithm.values()) {
                    EspTransform t = enc.isAead() ? new AesGcmTransform(new byte[enc.keyLength()], false)
                            : new CbcHmacTransform(enc, new byte[enc.keyLength()],
                                    new IntegrityCheck(integ, new byte[integ.keyLength()]), false,
                                    IvSource.fixed(new byte[16]));
                    assertThat(20 + 8 + t.espLength(tunMtu)).as("%s %s outer %d", enc, integ, outer)
                            .isLessThanOrEqualTo(outer);
                }
            }
            // and it is tight: two more bytes would not fit AES-CBC + SHA-512
            EspTransform worst = new CbcHmacTransform(EncryptionAlgorithm.AES_CBC_256, new byte[32],
                    new IntegrityCheck(IntegrityAlgorithm.HMAC_SHA2_512_256, new byte[64]), false,
                    IvSource.fixed(new byte[16]));
            assertThat(20 + 8 + worst.espLength(tunMtu + 16)).isGreaterThan(outer);
        }
        assertThat(DatapathConfig.tunMtuFor(1500)).isEqualTo(1406);
    }
}
