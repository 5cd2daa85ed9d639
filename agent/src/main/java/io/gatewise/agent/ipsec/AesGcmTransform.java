package io.gatewise.agent.ipsec;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM with a 16-byte ICV for ESP (RFC 4106). The last four bytes of the keying
 * material are the salt; the nonce is salt || 8-byte explicit IV, and we use the 64-bit
 * sequence number as the IV (RFC 4106 section 3.1 allows any unique value, a counter
 * being the natural one). The AAD is SPI || sequence number, with the high 32 bits of an
 * extended sequence number in between when ESN is on (RFC 4106 section 5).
 *
 * <p>One reused JCE cipher (SunJCE, intrinsified). JCE needs a fresh
 * {@link GCMParameterSpec} per packet, the one per-packet allocation left in the
 * AEAD path.
 */
public final class AesGcmTransform extends EspTransform {
    static final int IV_LENGTH = 8;
    static final int ICV_LENGTH = 16;

    private final Cipher cipher;
    private final SecretKeySpec key;
    private final byte[] nonce = new byte[12];
    private final byte[] aad = new byte[12];
    private final byte[] tail = new byte[8];
    private final boolean esn;

    public AesGcmTransform(byte[] keyAndSalt, boolean extendedSequenceNumbers) {
        if (keyAndSalt.length != 20 && keyAndSalt.length != 28 && keyAndSalt.length != 36) {
            throw new IllegalArgumentException("AES-GCM needs 16/24/32 key bytes plus a 4-byte salt");
        }
        int keyLength = keyAndSalt.length - 4;
        byte[] k = Arrays.copyOf(keyAndSalt, keyLength);
        this.key = new SecretKeySpec(k, "AES");
        Arrays.fill(k, (byte) 0);
        System.arraycopy(keyAndSalt, keyLength, nonce, 0, 4);
        this.esn = extendedSequenceNumbers;
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    @Override
    public int ivLength() {
        return IV_LENGTH;
    }

    @Override
    public int icvLength() {
        return ICV_LENGTH;
    }

    @Override
    public int alignment() {
        return 4;
    }

    @Override
    public int seal(int spi, long seq, byte[] in, int inOff, int payloadLength, int nextHeader, byte[] out,
            int outOff) {
        return sealWithIv(spi, seq, seq, in, inOff, payloadLength, nextHeader, out, outOff);
    }

    /** {@link #seal} with a caller-chosen explicit IV; for known-answer tests. */
    int sealWithIv(int spi, long seq, long iv, byte[] in, int inOff, int payloadLength, int nextHeader,
            byte[] out, int outOff) {
        int padded = paddedLength(payloadLength);
        putInt(out, outOff, spi);
        putInt(out, outOff + 4, (int) seq);
        putLong(out, outOff + HEADER_LENGTH, iv);
        int ctOff = outOff + HEADER_LENGTH + IV_LENGTH;
        // Out of place: the payload is encrypted straight from the input, then the
        // padding and trailer from a small scratch block. In-place calls make SunJCE
        // copy the whole input first.
        int tailLength = padded - payloadLength;
        writePaddingAndTrailer(tail, 0, tailLength, 0, nextHeader);
        putLong(nonce, 4, iv);
        int aadLength = fillAad(spi, seq);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(ICV_LENGTH * 8, nonce));
            cipher.updateAAD(aad, 0, aadLength);
            int n = cipher.update(in, inOff, payloadLength, out, ctOff);
            n += cipher.doFinal(tail, 0, tailLength, out, ctOff + n);
            return HEADER_LENGTH + IV_LENGTH + n;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    @Override
    public int open(long seq, byte[] in, int inOff, int espLength, byte[] out, int outOff) {
        int ctLength = espLength - HEADER_LENGTH - IV_LENGTH - ICV_LENGTH;
        if (ctLength < 4 || (ctLength & 3) != 0) {
            return MALFORMED;
        }
        System.arraycopy(in, inOff + HEADER_LENGTH, nonce, 4, IV_LENGTH);
        int spi = ((in[inOff] & 0xff) << 24) | ((in[inOff + 1] & 0xff) << 16) | ((in[inOff + 2] & 0xff) << 8)
                | (in[inOff + 3] & 0xff);
        int aadLength = fillAad(spi, seq);
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(ICV_LENGTH * 8, nonce));
            cipher.updateAAD(aad, 0, aadLength);
            cipher.doFinal(in, inOff + HEADER_LENGTH + IV_LENGTH, ctLength + ICV_LENGTH, out, outOff);
        } catch (AEADBadTagException e) {
            return AUTH_FAILED;
        } catch (GeneralSecurityException e) {
            return MALFORMED;
        }
        return checkTrailer(out, outOff, ctLength);
    }

    private int fillAad(int spi, long seq) {
        putInt(aad, 0, spi);
        if (esn) {
            putLong(aad, 4, seq);
            return 12;
        }
        putInt(aad, 4, (int) seq);
        return 8;
    }
}
