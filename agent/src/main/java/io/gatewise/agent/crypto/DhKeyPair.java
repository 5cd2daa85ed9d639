package io.gatewise.agent.crypto;

import java.math.BigInteger;

/**
 * One side of a Diffie-Hellman exchange: our private value and the public value we send
 * in the KE payload. Used once per exchange and then destroyed.
 *
 * <p>{@link #destroy()} drops the private value. The JDK holds private values in
 * immutable {@code BigInteger}s and key objects that cannot be overwritten, so "destroy"
 * means "unreachable", not "zeroed"; the shared secret returned to the caller is a plain
 * array that the caller wipes.
 */
public abstract sealed class DhKeyPair permits ModpKeyPair, EcpKeyPair {

    private final DhGroup group;
    private final byte[] publicValue;
    private boolean destroyed;

    DhKeyPair(DhGroup group, byte[] publicValue) {
        if (publicValue.length != group.publicValueLength()) {
            throw new IllegalStateException("public value of " + publicValue.length + " bytes for " + group);
        }
        this.group = group;
        this.publicValue = publicValue;
    }

    public DhGroup group() {
        return group;
    }

    /** Our public value, fixed length ({@link DhGroup#publicValueLength()}), as sent in KE. */
    public byte[] publicValue() {
        return publicValue.clone();
    }

    /**
     * The shared secret g^xy for the peer's public value, fixed length
     * ({@link DhGroup#sharedSecretLength()}). The caller owns and wipes the result.
     *
     * @throws InvalidPublicValueException if the peer's value has the wrong length, is out
     *     of range (MODP: 1 &lt; y &lt; p-1) or is not a point on the curve (ECP)
     * @throws IllegalStateException after {@link #destroy()}
     */
    public final byte[] sharedSecret(byte[] peerPublicValue) throws InvalidPublicValueException {
        if (destroyed) {
            throw new IllegalStateException("DH key pair already destroyed");
        }
        if (peerPublicValue == null || peerPublicValue.length != group.publicValueLength()) {
            throw new InvalidPublicValueException(group, "length "
                    + (peerPublicValue == null ? 0 : peerPublicValue.length)
                    + " bytes, expected " + group.publicValueLength());
        }
        return computeSharedSecret(peerPublicValue);
    }

    abstract byte[] computeSharedSecret(byte[] peerPublicValue) throws InvalidPublicValueException;

    /** Forgets the private value; later {@link #sharedSecret} calls fail. */
    public void destroy() {
        destroyed = true;
        forgetPrivate();
    }

    abstract void forgetPrivate();

    public boolean isDestroyed() {
        return destroyed;
    }

    /** Names the group only. */
    @Override
    public String toString() {
        return "DhKeyPair[" + group.plainName() + (destroyed ? ", destroyed" : "") + "]";
    }

    /** Big-endian, left-padded with zeros to exactly {@code length} bytes. */
    static byte[] toFixedLength(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        if (raw.length == length) {
            return raw;
        }
        byte[] out = new byte[length];
        if (raw.length > length) {
            // toByteArray() adds a leading sign byte when the top bit is set.
            System.arraycopy(raw, raw.length - length, out, 0, length);
        } else {
            System.arraycopy(raw, 0, out, length - raw.length, raw.length);
        }
        Bytes.wipe(raw);
        return out;
    }
}
