package io.gatewise.agent.ipsec;

import static io.gatewise.agent.ipsec.Hex.b;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Known answers from the RFCs for every ESP/AH algorithm. */
class KnownAnswerTest {

    // RFC 3602 section 4, cases 5-8: complete ESP packets (no ICV) with AES-CBC-128.
    @ParameterizedTest(name = "RFC 3602 case {0}")
    @CsvSource({
        "5, 90d382b410eeba7ad938c46cec1a82bf, 4321, 1, 1, e96e8c08ab465763fd098d45dd3ff893,"
            + " 08000ebda70a00008e9c083db95b070008090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637,"
            + " 0000432100000001e96e8c08ab465763fd098d45dd3ff893f663c25d325c18c6a9453e194e120849a4870b66cc6b9965330013b4898dc856a4699e523a55db080b59ec3a8e4b7e52775b07d1db34ed9c538ab50c551b874aa269add047ad2d5913ac19b7cfbad4a6",
        "6, 90d382b410eeba7ad938c46cec1a82bf, 4321, 8, 1, 69d08df7d203329db093fc4924e5bd80,"
            + " 0800b5e8a80a0500a69c083d0b660e00777777777777777777777777,"
            + " 000043210000000869d08df7d203329db093fc4924e5bd80f51995881ec4e0c4488987ce742e8109689bb379d2d750c0d915dca346a89f75",
        "7, 0123456789abcdef0123456789abcdef, 8765, 2, 4, f4e765244f6407adf13dc1380f673f37,"
            + " 45000054090400004001f988c0a87b03c0a87bc808009f76a90a0100b49c083d02a2040008090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637,"
            + " 0000876500000002f4e765244f6407adf13dc1380f673f37773b5241a4c449225e4f3ce5ed611b0c237ca96cf74a93013c1b0ea1a0cf70f8e4ecaec78ac53aad7a0f022b859243c647752e94a859352b8a4d4d2decd136e5c177f132ad3fbfb2201ac9904c74ee0a109e0ca1e4dfe9d5a100b842f1c22f0d",
        "8, 0123456789abcdef0123456789abcdef, 8765, 5, 4, 85d47224b5f3dd5d2101d4ea8dffab22,"
            + " 45000044090c00004001f990c0a87b03c0a87bc80800d63caa0a0200c69c083da3de0300ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff,"
            + " 000087650000000585d47224b5f3dd5d2101d4ea8dffab2215b92683819596a8047232cc00f7048fe45318e11f8a0f62ede3c3fc61203bb50f980a08c9843fd3a1b06d5c07ff9639b7eb7dfb3512e5de435e7207ed971ef3d2726d9b5ef6affc6d17a0decbb13892"
    })
    void aesCbcEspPackets(int tc, String key, String spi, long seq, int nextHeader, String iv, String payload,
            String packet) {
        CbcHmacTransform t = new CbcHmacTransform(EncryptionAlgorithm.AES_CBC_128, b(key), null, false,
                IvSource.fixed(b(iv)));
        byte[] in = b(payload);
        byte[] out = new byte[512];
        int n = t.seal(Integer.parseInt(spi, 16), seq, in, 0, in.length, nextHeader, out, 0);
        assertThat(Arrays.copyOf(out, n)).as("case %d encrypt", tc).isEqualTo(b(packet));

        byte[] plain = new byte[512];
        int m = t.open(seq, b(packet), 0, n, plain, 0);
        assertThat(m).isEqualTo(in.length);
        assertThat(Arrays.copyOf(plain, m)).isEqualTo(in);
        assertThat(t.lastNextHeader()).isEqualTo(nextHeader);
    }

    // draft-mcgrew-gcm-test-01 (test cases for GCM in ESP, RFC 4106 format): the plaintext
    // includes padding and trailer; the AAD is SPI || seq (|| 32 more bits with ESN).
    @ParameterizedTest(name = "GCM ESP vector {index}")
    @CsvSource({
        // key+salt, spi, seq (64 bit), esn, iv, plaintext (payload+trailer), ciphertext, tag
        "4c80cdefbb5d10da906ac73c3613a6342e443b68, 00004321, 8765432100000000, true, 4956ed7e3b244cfe,"
            + " 45000048699a000080114db7c0a80102c0a801010a9bf15638d301000001000000000000045f736970045f756470037369700963796265726369747902646b000021000101020201,"
            + " fecf537e729d5b07dc30df528dd22b768d1b98736696a6fd348509fa13ceac34cfa2436f14a3f3cf65925bf1f4a13c5d15b21e1884f5ff6247aeabb786b93bce61bc17d768fd9732,"
            + " 459018148f6cbe722fd04796562dfdb4",
        "abbccddef00112233445566778899aababbccddef00112233445566778899aab11223344, 4a2cbfe3, 2, false, 0102030405060708,"
            + " 4500003069a6400080062690c0a801029389155e0a9e008b2dc57ee0000000007002400020bf0000020405b40101040201020201,"
            + " ff425c9b724599df7a3bcd510194e00d6a78107f1b0b1cbf06efae9d65a5d763748a637985771d347f0545659f14e99def842d8e,"
            + " b335f4eecfdbf831824b4c4915956c96",
        "0000000000000000000000000000000000000000, 00000000, 1, false, 0000000000000000,"
            + " 4500003c99c500008001cb7a40679318010101010800075c020044006162636465666768696a6b6c6d6e6f7071727374757677616263646566676869 01020201,"
            + " 4688daf2f973a392732909c331d56d60f694abaa414b5e7ff5fdcdfff5e9a284456476492719ffb64de7d9dca1e1d894bc3bd57873ed4d181d19d4d5c8c18af3,"
            + " f821d496eeb096e98ad2b69e4799c71d",
        "7d773d00c144c525ac619d18c84a3f47d9664267, 335467ae, ffffffff, false, 43457e9182443bc6,"
            + " 01020201, 437f866b, cb3f699fe9b0822bac961c4504bef270"
    })
    void aesGcmEspPackets(String keySalt, String spi, String seqHex, boolean esn, String iv, String plaintext,
            String ciphertext, String tag) {
        AesGcmTransform t = new AesGcmTransform(b(keySalt), esn);
        long seq = Long.parseUnsignedLong(seqHex, 16);
        byte[] plain = b(plaintext);
        int padLength = plain[plain.length - 2];
        int nextHeader = plain[plain.length - 1];
        int payloadLength = plain.length - 2 - padLength;
        byte[] out = new byte[256];
        int n = t.sealWithIv((int) Long.parseLong(spi, 16), seq, Long.parseUnsignedLong(iv, 16), plain, 0,
                payloadLength, nextHeader, out, 0);
        byte[] expected = b(spi + String.format("%08x", (int) seq) + iv + ciphertext + tag);
        assertThat(Arrays.copyOf(out, n)).isEqualTo(expected);

        byte[] dec = new byte[256];
        assertThat(t.open(seq, expected, 0, expected.length, dec, 0)).isEqualTo(payloadLength);
        assertThat(Arrays.copyOf(dec, payloadLength)).isEqualTo(Arrays.copyOf(plain, payloadLength));
        assertThat(t.lastNextHeader()).isEqualTo(nextHeader);
    }

    // The GCM specification's AES-256 test case 16 (McGrew and Viega), through our nonce
    // layout: salt = first 4 IV bytes, explicit IV = the other 8. Checks the raw AEAD.
    @Test
    void gcmSpecAes256() throws Exception {
        javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        c.init(javax.crypto.Cipher.ENCRYPT_MODE,
                new javax.crypto.spec.SecretKeySpec(
                        b("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"), "AES"),
                new javax.crypto.spec.GCMParameterSpec(128, b("cafebabefacedbaddecaf888")));
        c.updateAAD(b("feedfacedeadbeeffeedfacedeadbeefabaddad2"));
        byte[] ct = c.doFinal(b("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"));
        assertThat(Hex.s(ct, ct.length - 16, 16)).isEqualTo("76fc6ece0f4e1768cddf8853bb2d551b");
    }

    // RFC 4868 section 2.7.2 (AUTH vectors: key length = hash output), RFC 2202 case 5
    // for HMAC-SHA1-96 (RFC 2404), RFC 4231 case 2 (short key) truncated as in RFC 4868.
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "HMAC_SHA1_96, 0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c, Test With Truncation, 4c1a03424b55e07fe7f27be1",
        "HMAC_SHA2_256_128, 0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b, Hi There,"
            + " 198a607eb44bfbc69903a0f1cf2bbdc5",
        "HMAC_SHA2_384_192, 0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b,"
            + " Hi There, b6a8d5636f5c6a7224f9977dcf7ee6c7fb6d0c48cbdee973",
        "HMAC_SHA2_512_256, 0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b,"
            + " Hi There, 637edc6e01dce7e6742a99451aae82df23da3e92439e590e43e761b33e910fb8"
    })
    void truncatedHmac(IntegrityAlgorithm alg, String key, String data, String icv) {
        IntegrityCheck ic = new IntegrityCheck(alg, b(key));
        byte[] d = data.getBytes(StandardCharsets.US_ASCII);
        ic.update(d, 0, d.length);
        byte[] out = new byte[ic.icvLength()];
        ic.finish(out, 0);
        assertThat(Hex.s(out, 0, out.length)).isEqualTo(icv);
        ic.update(d, 0, d.length);
        assertThat(ic.finishAndVerify(b(icv), 0)).isTrue();
    }

    // RFC 4231 test cases 1 and 2: full HMAC-SHA2 outputs via JCE, as used underneath.
    @ParameterizedTest(name = "RFC 4231 {0}")
    @CsvSource({
        "HmacSHA256, 0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b, 4869205468657265,"
            + " b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
        "HmacSHA384, 0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b, 4869205468657265,"
            + " afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
        "HmacSHA512, 0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b, 4869205468657265,"
            + " 87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
        "HmacSHA256, 4a656665, 7768617420646f2079612077616e7420666f72206e6f7468696e673f,"
            + " 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    })
    void rfc4231(String alg, String key, String data, String mac) throws Exception {
        javax.crypto.Mac m = javax.crypto.Mac.getInstance(alg);
        m.init(new javax.crypto.spec.SecretKeySpec(b(key), alg));
        byte[] r = m.doFinal(b(data));
        assertThat(Hex.s(r, 0, r.length)).isEqualTo(mac);
    }

    // NIST SP 800-67 (TDEA) example: three keys, "The qufck brown fox jump". Our CBC with
    // the folded IV must give the ECB answers when each plaintext block is pre-xored with
    // the previous ciphertext block (CBC with IV 0 over P'_i = P_i xor C_{i-1}).
    @Test
    void tripleDesCbc() {
        byte[] key = b("0123456789abcdef23456789abcdef01456789abcdef0123");
        byte[] p = "The qufck brown fox jump".getBytes(StandardCharsets.US_ASCII);
        byte[] c = b("a826fd8ce53b855fcce21c8112256fe668d5c05dd9b6b900");
        byte[] chained = p.clone();
        for (int i = 8; i < 24; i++) {
            chained[i] ^= c[i - 8];
        }
        CbcHmacTransform t = new CbcHmacTransform(EncryptionAlgorithm.TRIPLE_DES_CBC, key, null, false,
                IvSource.fixed(new byte[8]));
        byte[] out = new byte[64];
        int n = t.seal(0x1234, 1, chained, 0, 24, 4, out, 0);
        // header 8 + IV 8 + 24 payload + one block of padding/trailer
        assertThat(n).isEqualTo(8 + 8 + 32);
        assertThat(Arrays.copyOfRange(out, 16, 40)).isEqualTo(c);
    }
}
