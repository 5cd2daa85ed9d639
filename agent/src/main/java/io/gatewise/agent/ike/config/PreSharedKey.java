package io.gatewise.agent.ike.config;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A pre-shared key. Never printed; {@link #bytes()} returns a copy the caller wipes. */
public final class PreSharedKey {
    private final byte[] secret;

    private PreSharedKey(byte[] secret) {
        if (secret.length == 0) {
            throw new IllegalArgumentException("empty pre-shared key");
        }
        this.secret = secret;
    }

    public static PreSharedKey of(byte[] secret) {
        return new PreSharedKey(secret.clone());
    }

    public static PreSharedKey ofUtf8(String secret) {
        return new PreSharedKey(secret.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] bytes() {
        return secret.clone();
    }

    public void wipe() {
        Arrays.fill(secret, (byte) 0);
    }

    @Override
    public String toString() {
        return "PreSharedKey[hidden]";
    }
}
