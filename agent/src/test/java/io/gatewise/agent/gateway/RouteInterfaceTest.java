package io.gatewise.agent.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteInterfaceTest {
    @Test
    void theNameAndIdAreAStableFunctionOfTheTunnelName() {
        RouteInterface a = RouteInterface.forTunnel("hub-to-spoke-1");
        assertThat(RouteInterface.forTunnel("hub-to-spoke-1")).isEqualTo(a);
        // SHA-256("hub-to-spoke-1") starts with these four bytes (top bit cleared): a golden value, so
        // that an agent upgrade never renames a running tunnel's device
        assertThat(a).isEqualTo(new RouteInterface("gwr19b25e50", 0x19b25e50));
        assertThat(RouteInterface.forTunnel("hub-to-spoke-2")).isNotEqualTo(a);
    }

    @Test
    void namesFitLinuxAndAreDistinctForManyTunnels() {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            RouteInterface r = RouteInterface.forTunnel("tunnel-" + i + "-with-a-rather-long-name-of-the-spoke");
            assertThat(r.name().length()).isLessThanOrEqualTo(15);
            assertThat(r.name()).matches("gwr[0-7][0-9a-f]{7}");
            names.add(r.name());
        }
        assertThat(names).hasSize(5000);
    }

    @Test
    void badValuesAreRefused() {
        assertThatThrownBy(() -> new RouteInterface("a-name-too-long-for-linux", 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RouteInterface("gwr1", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
