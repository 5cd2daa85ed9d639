package io.gatewise.agent.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A pre-shared key. It never appears in {@link #toString()}, logs or error messages;
 * {@link #bytes()} hands out a copy so that callers can wipe theirs.
 */
public final class PreSharedKey {
    private final byte[] secret;

    private PreSharedKey(byte[] secret) {
        this.secret = secret;
    }

    /** The key as the operator wrote it; IKE uses its UTF-8 bytes (as strongSwan does). */
    public static PreSharedKey of(String text) {
        return new PreSharedKey(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A copy of the key bytes. */
    public byte[] bytes() {
        return secret.clone();
    }

    /** The key as text, for writing it back into the wire or file format only. */
    public String reveal() {
        return new String(secret, StandardCharsets.UTF_8);
    }

    public int length() {
        return secret.length;
    }

    public boolean isEmpty() {
        return secret.length == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreSharedKey k && MessageDigest.isEqual(secret, k.secret);
    }

    @Override
    public int hashCode() {
        // Equal keys must hash alike, but the hash must not help anyone guess the key.
        return secret.length;
    }

    @Override
    public String toString() {
        return "PreSharedKey[redacted]";
    }

    /** Overwrites the key in memory; the object is unusable afterwards. */
    public void destroy() {
        Arrays.fill(secret, (byte) 0);
    }
}
