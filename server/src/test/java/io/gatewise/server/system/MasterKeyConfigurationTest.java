package io.gatewise.server.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

class MasterKeyConfigurationTest {
    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ALWAYS)
    Path dir;

    private final MasterKeyConfiguration configuration = new MasterKeyConfiguration();
    private final SecureRandom random = new SecureRandom();

    private GatewiseProperties properties() {
        return new GatewiseProperties(dir.resolve("data"), null, new GatewiseProperties.Postgres(0, "gatewise", null));
    }

    @Test
    void devModeGeneratesAPrivateKeyFileOnceAndReusesIt() throws Exception {
        SecretBox first = configuration.secretBox(new MockEnvironment(), properties(), random);
        Path file = dir.resolve("data/master.key");
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        byte[] sealed = first.sealString("x", "c");

        SecretBox second = configuration.secretBox(new MockEnvironment(), properties(), random);
        assertThat(second.openString(sealed, "c")).isEqualTo("x");
        assertThat(Base64.getDecoder().decode(Files.readString(file).trim())).hasSize(32);
    }

    @Test
    void configuredKeyIsUsedAndNoFileWritten() throws Exception {
        byte[] key = new byte[32];
        random.nextBytes(key);
        MockEnvironment env = new MockEnvironment().withProperty("gatewise.master-key", Base64.getEncoder().encodeToString(key));
        SecretBox box = configuration.secretBox(env, properties(), random);
        assertThat(new SecretBox(key, random).openString(box.sealString("y", "c"), "c")).isEqualTo("y");
        assertThat(Files.exists(dir.resolve("data/master.key"))).isFalse();
    }

    @Test
    void wrongLengthOrEncodingFailsWithAClearMessage() {
        MockEnvironment shortKey = new MockEnvironment().withProperty("gatewise.master-key",
                Base64.getEncoder().encodeToString(new byte[16]));
        assertThatThrownBy(() -> configuration.secretBox(shortKey, properties(), random))
                .hasMessageContaining("must be 32 bytes").hasMessageContaining("GATEWISE_MASTER_KEY");
        MockEnvironment garbage = new MockEnvironment().withProperty("gatewise.master-key", "%%%not base64");
        assertThatThrownBy(() -> configuration.secretBox(garbage, properties(), random))
                .hasMessageContaining("not valid base64");
    }
}
