package io.gatewise.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gatewise.agent.config.AgentConfig;
import io.gatewise.agent.config.ConfigRejectedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandaloneConfigWatcherTest {
    @TempDir
    Path dir;

    private final List<AgentConfig> applied = new CopyOnWriteArrayList<>();

    @Test
    void aChangedFileIsAppliedOnceAndARefusedOneLeavesTheRunningConfig() throws Exception {
        Path file = dir.resolve("gw.json");
        String original = Files.readString(StandaloneConfigTest.EXAMPLES.resolve("psk-main.json"));
        Files.writeString(file, original);
        try (StandaloneConfigWatcher watcher = new StandaloneConfigWatcher(file, applied::add)) {
            watcher.start(Duration.ofHours(1));
            assertThat(applied).hasSize(1);
            assertThat(watcher.check()).as("unchanged file").isFalse();

            Files.writeString(file, original.replace("10.1.0.0/24", "10.1.8.0/24"));
            assertThat(watcher.check()).isTrue();
            assertThat(watcher.appliedVersion()).isEqualTo(2);
            assertThat(applied.get(1).tunnels().get(0).children().get(0).remoteRanges().get(0))
                    .hasToString("10.1.8.0/24");

            // a typo: refused, the applier never sees it, and it is not retried until it changes
            Files.writeString(file, original.replace("10.1.0.0/24", "10.1.0.0/33"));
            assertThat(watcher.check()).isFalse();
            assertThat(watcher.check()).isFalse();
            assertThat(applied).hasSize(2);
            assertThat(watcher.appliedVersion()).isEqualTo(2);

            Files.writeString(file, original);
            assertThat(watcher.check()).isTrue();
            assertThat(applied).hasSize(3);
            assertThat(watcher.appliedVersion()).isEqualTo(3);
        }
    }

    @Test
    void theTimerPicksUpAChange() throws Exception {
        Path file = dir.resolve("gw.json");
        String original = Files.readString(StandaloneConfigTest.EXAMPLES.resolve("psk-main.json"));
        Files.writeString(file, original);
        try (StandaloneConfigWatcher watcher = new StandaloneConfigWatcher(file, applied::add)) {
            watcher.start(Duration.ofMillis(50));
            Files.writeString(file, original.replace("10.1.0.0/24", "10.1.9.0/24"));
            await().atMost(Duration.ofSeconds(20)).until(() -> applied.size() == 2);
        }
    }

    @Test
    void anInvalidFileAtStartIsAnError() throws Exception {
        Path file = dir.resolve("gw.json");
        Files.writeString(file, "{\"tunnels\": 7}");
        try (StandaloneConfigWatcher watcher = new StandaloneConfigWatcher(file, applied::add)) {
            assertThatThrownBy(() -> watcher.start(Duration.ofHours(1))).isInstanceOf(ConfigRejectedException.class)
                    .hasMessageContaining("is not a valid GatewayConfig JSON document");
            assertThat(applied).isEmpty();
        }
    }
}
