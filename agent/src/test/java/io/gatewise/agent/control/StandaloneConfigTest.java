package io.gatewise.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewise.agent.config.AgentConfig;
import io.gatewise.agent.config.AddressRange;
import io.gatewise.agent.config.ConfigRejectedException;
import io.gatewise.agent.config.TunnelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandaloneConfigTest {
    /** agent/examples, relative to the module directory surefire runs in. */
    static final Path EXAMPLES = Path.of("examples");

    @TempDir
    Path dir;

    @Test
    void thePskMainExampleMatchesTheInteropHarness() throws ConfigRejectedException {
        AgentConfig config = StandaloneConfig.load(EXAMPLES.resolve("psk-main.json"));
        assertThat(config.localAddress()).contains("192.0.2.2");
        TunnelConfig t = config.tunnels().get(0);
        assertThat(t.remoteAddress()).isEqualTo("192.0.2.1");
        assertThat(t.ike().proposals()).startsWith("aes128-sha1-modp2048");
        assertThat(t.ipsec().proposals()).startsWith("aes128-sha1-modp2048");
        assertThat(t.children().get(0).localRanges()).containsExactly(AddressRange.parse("10.2.0.0/24"));
        assertThat(t.children().get(0).remoteRanges()).containsExactly(AddressRange.parse("10.1.0.0/24"));
        assertThat(t.auth().preSharedKey().orElseThrow().reveal()).isEqualTo("interop-test-psk-0123456789");
        assertThat(t.startAction()).isEqualTo(TunnelConfig.StartAction.RESPOND);
        assertThat(StandaloneConfig.load(EXAMPLES.resolve("psk-main-initiator.json")).tunnels().get(0).startAction())
                .isEqualTo(TunnelConfig.StartAction.START);
    }

    @Test
    void everyExampleIsValidAndAppliesThroughTheSeam() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(3);
        for (Path f : files) {
            List<AgentConfig> applied = new ArrayList<>();
            AgentConfig config = StandaloneConfig.apply(f, applied::add);
            assertThat(applied).as(f.toString()).containsExactly(config);
        }
    }

    @Test
    void jsonMistakesAreExplained() throws Exception {
        Path typo = dir.resolve("typo.json");
        Files.writeString(typo, "{\"tunnels\":[{\"name\":\"t\",\"remoteAdress\":\"192.0.2.1\"}]}");
        assertThatThrownBy(() -> StandaloneConfig.load(typo)).isInstanceOf(ConfigRejectedException.class)
                .hasMessageContaining("is not a valid GatewayConfig JSON document")
                .hasMessageContaining("remoteAdress");
        Path badEnum = dir.resolve("enum.json");
        Files.writeString(badEnum, "{\"tunnels\":[{\"name\":\"t\",\"startAction\":\"START_ACTION_SOMETIMES\"}]}");
        assertThatThrownBy(() -> StandaloneConfig.load(badEnum)).hasMessageContaining("START_ACTION_SOMETIMES");
        assertThatThrownBy(() -> StandaloneConfig.load(dir.resolve("missing.json")))
                .hasMessageContaining("cannot read").hasMessageContaining("missing.json");
        Path invalid = dir.resolve("invalid.json");
        Files.writeString(invalid, Files.readString(EXAMPLES.resolve("psk-main.json")).replace("10.1.0.0/24", "10.1.0.0/33"));
        assertThatThrownBy(() -> StandaloneConfig.load(invalid)).hasMessage(
                "tunnel psk-main, child net: remote selector '10.1.0.0/33' is not a valid IPv4 prefix:"
                        + " length 33 is larger than 32");
    }
}
