package io.gatewise.agent.ike.keymat;

import io.gatewise.agent.crypto.Bytes;

/**
 * The keys of one direction of an IPsec SA: the SPI its receiver chose, the encryption
 * key (salt included for AES-GCM, RFC 4106 section 8.1) and the integrity key. Either key
 * is empty when the algorithm has none (AH; AEAD ciphers).
 */
public final class SaKeys {

    private final int spi;
    private final byte[] encryptionKey;
    private final byte[] integrityKey;
    private boolean destroyed;

    SaKeys(int spi, byte[] encryptionKey, byte[] integrityKey) {
        this.spi = spi;
        this.encryptionKey = encryptionKey;
        this.integrityKey = integrityKey;
    }

    public int spi() {
        return spi;
    }

    /** A copy; hand it to the datapath and wipe it. */
    public byte[] encryptionKey() {
        return live(encryptionKey).clone();
    }

    /** A copy; hand it to the datapath and wipe it. */
    public byte[] integrityKey() {
        return live(integrityKey).clone();
    }

    /** Zeroes both keys. */
    public void destroy() {
        destroyed = true;
        Bytes.wipe(encryptionKey, integrityKey);
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    private byte[] live(byte[] key) {
        if (destroyed) {
            throw new IllegalStateException("SA keys already destroyed");
        }
        return key;
    }

    /** Never prints keys. */
    @Override
    public String toString() {
        return String.format("SaKeys[spi=%08x, enc=%d bytes, integ=%d bytes%s]", spi, encryptionKey.length,
                integrityKey.length, destroyed ? ", destroyed" : "");
    }
}
