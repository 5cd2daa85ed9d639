package io.gatewise.agent.ike.keymat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewise.agent.crypto.Bytes;
import io.gatewise.agent.crypto.HashAlgorithm;
import io.gatewise.agent.crypto.Hex;
import io.gatewise.agent.crypto.IkeCipher;
import io.gatewise.agent.crypto.PrfAlgorithm;
import io.gatewise.agent.ipsec.EncryptionAlgorithm;
import io.gatewise.agent.ipsec.IntegrityAlgorithm;
import io.gatewise.agent.ipsec.IpsecProtocol;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class KeymatTest {

    private static final byte[] NI = Hex.bytes("4cdf299c386cfc3507696cf1c1977e72015baef9a53db420c9e373286647cec1");
    private static final byte[] NR = Hex.bytes("29c620c21d0fcfe29d5bd1ca01897766902c7dcd57fd997be1745419c3e49297");
    private static final byte[] GXY = new byte[256];
    private static final byte[] CKY_I = Hex.bytes("91c092c252d4d766");
    private static final byte[] CKY_R = Hex.bytes("d803db9d24f0891c");
    private static final byte[] PSK = "interop-test-psk-0123456789".getBytes(StandardCharsets.UTF_8);

    static {
        GXY[0] = 0x5a;
        GXY[255] = 0x17;
    }

    private static Keymat keymat(HashAlgorithm hash, IkeCipher cipher) {
        return Keymat.forPreSharedKey(hash, cipher, PSK, NI, NR, GXY, CKY_I, CKY_R);
    }

    @Test
    void kaIsTheStartOfSkeyidEWhenLongEnough() {
        Keymat k = keymat(HashAlgorithm.SHA2_256, IkeCipher.AES_CBC_128);
        assertThat(k.encryptionKey()).isEqualTo(Bytes.slice(k.skeyidE(), 0, 16));
    }

    @Test
    void kaIsExpandedByAppendixBWhenSkeyidEIsTooShort() {
        // SHA1 gives 20 bytes, 3DES needs 24: Ka = K1 | K2 truncated, K1 = prf(SKEYID_e, 0).
        Keymat k = keymat(HashAlgorithm.SHA1, IkeCipher.TRIPLE_DES_CBC);
        byte[] e = k.skeyidE();
        byte[] k1 = PrfAlgorithm.HMAC_SHA1.prf(e, new byte[] {0});
        byte[] k2 = PrfAlgorithm.HMAC_SHA1.prf(e, k1);
        assertThat(k.encryptionKey()).hasSize(24).isEqualTo(Bytes.slice(Bytes.concat(k1, k2), 0, 24));
        assertThat(k.encryptionKey()).isNotEqualTo(Bytes.slice(Bytes.concat(e, k1), 0, 24));
    }

    @Test
    void signatureAndPskSkeyidDiffer() {
        Keymat psk = keymat(HashAlgorithm.SHA1, IkeCipher.AES_CBC_128);
        Keymat sig = Keymat.forSignatures(HashAlgorithm.SHA1, IkeCipher.AES_CBC_128, NI, NR, GXY, CKY_I, CKY_R);
        assertThat(psk.skeyid()).isEqualTo(PrfAlgorithm.HMAC_SHA1.prf(PSK, NI, NR));
        assertThat(sig.skeyid()).isEqualTo(PrfAlgorithm.HMAC_SHA1.prf(Bytes.concat(NI, NR), GXY));
    }

    @Test
    void hashesUseTheirOwnKeysAndOrder() {
        Keymat k = keymat(HashAlgorithm.SHA1, IkeCipher.AES_CBC_128);
        byte[] gxi = {1};
        byte[] gxr = {2};
        byte[] sa = {3};
        byte[] id = {4};
        assertThat(k.hashI(gxi, gxr, sa, id))
                .isEqualTo(PrfAlgorithm.HMAC_SHA1.prf(k.skeyid(), gxi, gxr, CKY_I, CKY_R, sa, id));
        assertThat(k.hashR(gxi, gxr, sa, id))
                .isEqualTo(PrfAlgorithm.HMAC_SHA1.prf(k.skeyid(), gxr, gxi, CKY_R, CKY_I, sa, id));
        assertThat(k.quickModeHash3(0x01020304, NI, NR)).isEqualTo(PrfAlgorithm.HMAC_SHA1.prf(k.skeyidA(),
                Hex.bytes("00 01020304"), NI, NR));
        assertThat(k.informationalHash(7, sa)).isEqualTo(k.quickModeHash1(7, sa));
    }

    @Property(tries = 50)
    void longerKeymatExtendsShorter(@ForAll @IntRange(min = 0, max = 100) int shorter,
            @ForAll @IntRange(min = 0, max = 60) int extra) {
        Keymat k = keymat(HashAlgorithm.SHA1, IkeCipher.AES_CBC_128);
        byte[] a = k.keymat(3, 0x11223344, null, NI, NR, shorter);
        byte[] b = k.keymat(3, 0x11223344, null, NI, NR, shorter + extra);
        assertThat(a).hasSize(shorter);
        assertThat(Bytes.slice(b, 0, shorter)).isEqualTo(a);
    }

    @Test
    void keymatDependsOnSpiProtocolAndPfs() {
        Keymat k = keymat(HashAlgorithm.SHA2_256, IkeCipher.AES_CBC_256);
        byte[] base = k.keymat(3, 1000, null, NI, NR, 32);
        assertThat(k.keymat(3, 1001, null, NI, NR, 32)).isNotEqualTo(base);
        assertThat(k.keymat(2, 1000, null, NI, NR, 32)).isNotEqualTo(base);
        assertThat(k.keymat(3, 1000, new byte[] {9}, NI, NR, 32)).isNotEqualTo(base);
        assertThat(base).isEqualTo(PrfAlgorithm.HMAC_SHA2_256.prf(k.skeyidD(),
                Bytes.concat(new byte[] {3}, Bytes.uint32(1000), NI, NR)));
    }

    @Test
    void quickModeKeysSplitEncryptionThenIntegrityPerDirection() {
        Keymat k = keymat(HashAlgorithm.SHA1, IkeCipher.AES_CBC_128);
        QuickModeKeys keys = k.quickModeKeys(IpsecProtocol.ESP, EncryptionAlgorithm.AES_CBC_128,
                IntegrityAlgorithm.HMAC_SHA1_96, 0xaaaa0001, 0xbbbb0002, null, NI, NR);
        byte[] toResponder = k.keymat(3, 0xbbbb0002, null, NI, NR, 36);
        assertThat(keys.initiatorToResponder().spi()).isEqualTo(0xbbbb0002);
        assertThat(keys.initiatorToResponder().encryptionKey()).isEqualTo(Bytes.slice(toResponder, 0, 16));
        assertThat(keys.initiatorToResponder().integrityKey()).isEqualTo(Bytes.slice(toResponder, 16, 20));
        assertThat(keys.responderToInitiator().spi()).isEqualTo(0xaaaa0001);
        assertThat(keys.inbound(true)).isSameAs(keys.responderToInitiator());
        assertThat(keys.outbound(true)).isSameAs(keys.initiatorToResponder());
        assertThat(keys.inbound(false)).isSameAs(keys.initiatorToResponder());

        QuickModeKeys gcm = k.quickModeKeys(IpsecProtocol.ESP, EncryptionAlgorithm.AES_GCM_16_256, null, 1, 2,
                null, NI, NR);
        assertThat(gcm.inbound(true).encryptionKey()).hasSize(36);
        assertThat(gcm.inbound(true).integrityKey()).isEmpty();
        QuickModeKeys ah = k.quickModeKeys(IpsecProtocol.AH, null, IntegrityAlgorithm.HMAC_SHA2_256_128, 1, 2,
                null, NI, NR);
        assertThat(ah.inbound(true).encryptionKey()).isEmpty();
        assertThat(ah.inbound(true).integrityKey()).isEqualTo(k.keymat(2, 1, null, NI, NR, 32));
    }

    @Test
    void destroyZeroesAndRefusesFurtherUse() {
        Keymat k = keymat(HashAlgorithm.SHA1, IkeCipher.AES_CBC_128);
        byte[] copy = k.skeyidD();
        QuickModeKeys keys = k.quickModeKeys(IpsecProtocol.ESP, EncryptionAlgorithm.AES_CBC_128,
                IntegrityAlgorithm.HMAC_SHA1_96, 1, 2, null, NI, NR);
        k.destroy();
        assertThat(k.isDestroyed()).isTrue();
        assertThat(copy).as("copies stay with their owner").isNotEqualTo(new byte[20]);
        assertThatThrownBy(k::skeyid).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> k.quickModeHash3(1, NI, NR)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> k.encrypt(new byte[16], new byte[16])).isInstanceOf(IllegalStateException.class);
        SaKeys sa = keys.inbound(true);
        keys.destroy();
        assertThat(sa.isDestroyed()).isTrue();
        assertThatThrownBy(sa::encryptionKey).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void neverPrintsSecrets() {
        Keymat k = keymat(HashAlgorithm.SHA1, IkeCipher.AES_CBC_128);
        String text = k.toString() + k.quickModeKeys(IpsecProtocol.ESP, EncryptionAlgorithm.AES_CBC_128,
                IntegrityAlgorithm.HMAC_SHA1_96, 1, 2, null, NI, NR);
        assertThat(text).isEqualTo("Keymat[HMAC-SHA1, AES-128]QuickModeKeys[i->r SaKeys[spi=00000002, enc=16 bytes, "
                + "integ=20 bytes], r->i SaKeys[spi=00000001, enc=16 bytes, integ=20 bytes]]");
        assertThat(text).doesNotContain(Hex.hex(k.skeyid()).substring(0, 8));
    }

    @Test
    void encryptsWithKa() throws Exception {
        Keymat k = keymat(HashAlgorithm.SHA1, IkeCipher.AES_CBC_128);
        byte[] iv = new byte[16];
        byte[] plain = new byte[32];
        byte[] ct = k.encrypt(iv, plain);
        assertThat(ct).isEqualTo(IkeCipher.AES_CBC_128.encrypt(k.encryptionKey(), iv, plain));
        assertThat(k.decrypt(iv, ct)).isEqualTo(plain);
    }

    @Test
    void refusesBadCookies() {
        assertThatThrownBy(() -> Keymat.forPreSharedKey(HashAlgorithm.SHA1, IkeCipher.AES_CBC_128, PSK, NI, NR, GXY,
                new byte[7], CKY_R)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CKY-I");
    }
}
