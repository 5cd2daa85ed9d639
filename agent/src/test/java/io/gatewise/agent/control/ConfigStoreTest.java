package io.gatewise.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewise.agent.control.testserver.TestPki;
import io.gatewise.proto.v1.ConfigUpdate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigStoreTest {
    @TempDir
    Path dir;

    private final ConfigUpdate update = ProtoConfigs.update(3,
            ProtoConfigs.gateway("gw-1", ProtoConfigs.pskMainTunnel("t")));

    @Test
    void savesEncryptedOwnerOnlyAndLoadsBack() throws Exception {
        KeyPair keys = TestPki.newKeyPair();
        ConfigStore store = ConfigStore.forIdentity(dir.resolve("c.bin"), keys.getPrivate(), "gw-1");
        assertThat(store.load()).isEmpty();
        store.save(update);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
        byte[] raw = Files.readAllBytes(store.file());
        assertThat(new String(raw, StandardCharsets.ISO_8859_1)).doesNotContain(ProtoConfigs.PSK).startsWith("GWC1");
        // A second store for the same identity (the agent restarted) reads it.
        assertThat(ConfigStore.forIdentity(store.file(), keys.getPrivate(), "gw-1").load()).contains(update);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(store.file()); // no temp files left
        }
    }

    @Test
    void refusesAFileOfAnotherIdentityOrATamperedOne() throws Exception {
        KeyPair keys = TestPki.newKeyPair();
        Path file = dir.resolve("c.bin");
        ConfigStore.forIdentity(file, keys.getPrivate(), "gw-1").save(update);
        assertThatThrownBy(() -> ConfigStore.forIdentity(file, TestPki.newKeyPair().getPrivate(), "gw-1").load())
                .isInstanceOf(IOException.class).hasMessageContaining("damaged or was saved by another enrollment");
        assertThatThrownBy(() -> ConfigStore.forIdentity(file, keys.getPrivate(), "gw-2").load())
                .isInstanceOf(IOException.class);
        byte[] raw = Files.readAllBytes(file);
        raw[raw.length - 1] ^= 1;
        Files.write(file, raw);
        assertThatThrownBy(() -> ConfigStore.forIdentity(file, keys.getPrivate(), "gw-1").load())
                .isInstanceOf(IOException.class);
        Files.writeString(file, "garbage");
        assertThatThrownBy(() -> ConfigStore.forIdentity(file, keys.getPrivate(), "gw-1").load())
                .isInstanceOf(IOException.class).hasMessageContaining("is not a saved Gatewise config");
    }
}
