package io.gatewise.server.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

class SecretBoxTest {
    private final SecureRandom random = new SecureRandom();
    private final SecretBox box = new SecretBox(key(1), random);

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) fill);
        return key;
    }

    @Test
    void sealsAndOpensForTheSameContext() {
        byte[] sealed = box.sealString("the psk", "psk:gw:t1");
        assertThat(box.openString(sealed, "psk:gw:t1")).isEqualTo("the psk");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("the psk");
        assertThat(sealed).hasSize(1 + 12 + "the psk".length() + 16);
    }

    @Test
    void sealingTwiceGivesDifferentCiphertexts() {
        assertThat(box.sealString("same", "c")).isNotEqualTo(box.sealString("same", "c"));
    }

    @Test
    void refusesAnotherContext() {
        byte[] sealed = box.sealString("secret", "psk:gw:t1");
        assertThatThrownBy(() -> box.open(sealed, "psk:gw:t2")).isInstanceOf(SecretBoxException.class)
                .hasMessageContaining("wrong master key");
    }

    @Test
    void refusesAnotherKey() {
        byte[] sealed = box.sealString("secret", "c");
        assertThatThrownBy(() -> new SecretBox(key(2), random).open(sealed, "c")).isInstanceOf(SecretBoxException.class);
    }

    @Test
    void refusesTamperingAndTruncation() {
        byte[] sealed = box.sealString("secret", "c");
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> box.open(sealed, "c")).isInstanceOf(SecretBoxException.class);
        assertThatThrownBy(() -> box.open(new byte[10], "c")).isInstanceOf(SecretBoxException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void onlyAcceptsA256BitKey() {
        assertThatThrownBy(() -> new SecretBox(new byte[16], random)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void secretsAreRedactedInToString() {
        assertThat(Secret.of("hunter2hunter2").toString()).doesNotContain("hunter2");
        assertThat(box.toString()).doesNotContain("\u0001");
    }
}
