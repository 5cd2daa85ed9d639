package io.gatewise.agent.ipsec;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A block cipher in CBC mode (AES-CBC, RFC 3602; 3DES-CBC, RFC 2451) or NULL encryption
 * (RFC 2410), followed by a truncated HMAC over header, IV and ciphertext
 * (encrypt-then-MAC, RFC 4303 section 3.3.4).
 *
 * <p>To keep one initialised {@link Cipher} for the SA's whole life, the cipher is set up
 * once with an all-zero IV and the packet's IV is folded in by hand: CBC with IV v
 * encrypts P1 as E(P1 xor v), which is what a zero-IV CBC yields for the input P1 xor v;
 * on decryption the first plaintext block is xored with v afterwards. {@code doFinal}
 * resets the chain to the zero IV for the next packet. No per-packet allocation.
 */
public final class CbcHmacTransform extends EspTransform {
    private final Cipher encryptor;
    private final Cipher decryptor;
    private final int blockSize;
    private final IntegrityCheck integrity;
    private final IvSource ivSource;
    private final boolean esn;
    private final byte[] iv;
    private final byte[] head;
    private final byte[] tail;
    private final byte[] esnHigh = new byte[4];

    /**
     * @param encryption CBC cipher, or {@link EncryptionAlgorithm#NULL}
     * @param integrity  the ICV; {@code null} only for known-answer tests of the cipher
     */
    public CbcHmacTransform(EncryptionAlgorithm encryption, byte[] encryptionKey, IntegrityCheck integrity,
            boolean extendedSequenceNumbers, IvSource ivSource) {
        this.integrity = integrity;
        this.esn = extendedSequenceNumbers;
        this.ivSource = ivSource;
        if (encryption == EncryptionAlgorithm.NULL) {
            encryptor = null;
            decryptor = null;
            blockSize = 0;
        } else {
            String transformation;
            String keyAlgorithm;
            switch (encryption) {
                case AES_CBC_128, AES_CBC_192, AES_CBC_256 -> {
                    transformation = "AES/CBC/NoPadding";
                    keyAlgorithm = "AES";
                }
                case TRIPLE_DES_CBC -> {
                    transformation = "DESede/CBC/NoPadding";
                    keyAlgorithm = "DESede";
                }
                default -> throw new IllegalArgumentException(encryption + " is not a CBC cipher");
            }
            if (encryptionKey == null || encryptionKey.length != encryption.keyLength()) {
                throw new IllegalArgumentException(encryption + " needs a " + encryption.keyLength() + "-byte key");
            }
            blockSize = encryption.blockSize();
            try {
                SecretKeySpec key = new SecretKeySpec(encryptionKey, keyAlgorithm);
                IvParameterSpec zero = new IvParameterSpec(new byte[blockSize]);
                encryptor = Cipher.getInstance(transformation);
                encryptor.init(Cipher.ENCRYPT_MODE, key, zero);
                decryptor = Cipher.getInstance(transformation);
                decryptor.init(Cipher.DECRYPT_MODE, key, zero);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(transformation + " unavailable", e);
            }
        }
        iv = new byte[Math.max(blockSize, 1)];
        head = new byte[Math.max(blockSize, 1)];
        tail = new byte[3 * Math.max(blockSize, 4) + 4];
    }

    @Override
    public int ivLength() {
        return blockSize;
    }

    @Override
    public int icvLength() {
        return integrity == null ? 0 : integrity.icvLength();
    }

    @Override
    public int alignment() {
        return Math.max(blockSize, 4);
    }

    @Override
    public int seal(int spi, long seq, byte[] in, int inOff, int payloadLength, int nextHeader, byte[] out,
            int outOff) {
        int padded = paddedLength(payloadLength);
        putInt(out, outOff, spi);
        putInt(out, outOff + 4, (int) seq);
        int ctOff = outOff + HEADER_LENGTH + blockSize;
        if (encryptor == null) {
            System.arraycopy(in, inOff, out, ctOff, payloadLength);
            writePaddingAndTrailer(out, ctOff + payloadLength, padded, payloadLength, nextHeader);
        } else {
            ivSource.nextIv(seq, iv, 0, blockSize);
            System.arraycopy(iv, 0, out, outOff + HEADER_LENGTH, blockSize);
            int full = payloadLength / blockSize * blockSize;
            int tailLength = padded - full;
            System.arraycopy(in, inOff + full, tail, 0, payloadLength - full);
            writePaddingAndTrailer(tail, payloadLength - full, tailLength, payloadLength - full, nextHeader);
            try {
                if (full > 0) {
                    for (int i = 0; i < blockSize; i++) {
                        head[i] = (byte) (in[inOff + i] ^ iv[i]);
                    }
                    encryptor.update(head, 0, blockSize, out, ctOff);
                    if (full > blockSize) {
                        encryptor.update(in, inOff + blockSize, full - blockSize, out, ctOff + blockSize);
                    }
                } else {
                    for (int i = 0; i < blockSize; i++) {
                        tail[i] ^= iv[i];
                    }
                }
                encryptor.doFinal(tail, 0, tailLength, out, ctOff + full);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("CBC encryption failed", e);
            }
        }
        int icvOff = ctOff + padded;
        if (integrity != null) {
            integrity.update(out, outOff, icvOff - outOff);
            if (esn) {
                putInt(esnHigh, 0, (int) (seq >>> 32));
                integrity.update(esnHigh, 0, 4);
            }
            integrity.finish(out, icvOff);
        }
        return icvOff - outOff + icvLength();
    }

    @Override
    public int open(long seq, byte[] in, int inOff, int espLength, byte[] out, int outOff) {
        int icvLength = icvLength();
        int ctLength = espLength - HEADER_LENGTH - blockSize - icvLength;
        if (ctLength < alignment() || ctLength % alignment() != 0) {
            return MALFORMED;
        }
        if (integrity != null) {
            // Verify before decrypting (RFC 4303 section 3.4.4.1).
            integrity.update(in, inOff, espLength - icvLength);
            if (esn) {
                putInt(esnHigh, 0, (int) (seq >>> 32));
                integrity.update(esnHigh, 0, 4);
            }
            if (!integrity.finishAndVerify(in, inOff + espLength - icvLength)) {
                return AUTH_FAILED;
            }
        }
        int ctOff = inOff + HEADER_LENGTH + blockSize;
        if (decryptor == null) {
            System.arraycopy(in, ctOff, out, outOff, ctLength);
        } else {
            try {
                decryptor.doFinal(in, ctOff, ctLength, out, outOff);
            } catch (GeneralSecurityException e) {
                return MALFORMED;
            }
            int ivOff = inOff + HEADER_LENGTH;
            for (int i = 0; i < blockSize; i++) {
                out[outOff + i] ^= in[ivOff + i];
            }
        }
        return checkTrailer(out, outOff, ctLength);
    }
}
