package io.gatewise.server.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.gatewise.server.config.TunnelSpec;
import io.gatewise.server.system.Secret;

class TunnelPairingTest {
    private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final UUID C = UUID.fromString("00000000-0000-0000-0000-00000000000c");

    private static TunnelSpec tunnel(String name, String remote) {
        return new TunnelSpec(name, remote, List.of("10.1.0.0/24"), List.of("10.2.0.0/24"),
                Secret.of("pairing-test-psk-0123456789"), List.of("aes128-sha256-modp2048"),
                List.of("aes128gcm16-ecp256"));
    }

    @Test
    void compiledTunnelsPairByTheirSharedNameAndOneSidedNamesStayExternal() {
        var peers = TunnelPairing.pair(Map.of(
                A, List.of(tunnel("dc-a--dc-b", "198.51.100.2"), tunnel("dc-a--partner", "203.0.113.9")),
                B, List.of(tunnel("dc-a--dc-b", "198.51.100.1"))), Map.of());
        assertThat(peers).containsEntry(new TunnelEnd.Key(A, "dc-a--dc-b"), new TunnelEnd.Peer(B, "dc-a--dc-b"))
                .containsEntry(new TunnelEnd.Key(B, "dc-a--dc-b"), new TunnelEnd.Peer(A, "dc-a--dc-b"))
                .doesNotContainKey(new TunnelEnd.Key(A, "dc-a--partner"));
    }

    @Test
    void handMadeTunnelsPairWhenEachPointsAtTheOthersAddress() {
        var peers = TunnelPairing.pair(Map.of(
                A, List.of(tunnel("to-b", "198.51.100.2"), tunnel("to-cisco", "203.0.113.9")),
                B, List.of(tunnel("to-a", "198.51.100.1"))),
                Map.of(A, "198.51.100.1", B, "198.51.100.2"));
        assertThat(peers).containsEntry(new TunnelEnd.Key(A, "to-b"), new TunnelEnd.Peer(B, "to-a"))
                .containsEntry(new TunnelEnd.Key(B, "to-a"), new TunnelEnd.Peer(A, "to-b"))
                .doesNotContainKey(new TunnelEnd.Key(A, "to-cisco"));
    }

    @Test
    void ambiguityLeavesTunnelsUnpaired() {
        // B has two tunnels back to A: which one is A's partner is unknowable
        var twoBack = TunnelPairing.pair(Map.of(
                A, List.of(tunnel("to-b", "198.51.100.2")),
                B, List.of(tunnel("to-a-1", "198.51.100.1"), tunnel("to-a-2", "198.51.100.1"))),
                Map.of(A, "198.51.100.1", B, "198.51.100.2"));
        assertThat(twoBack).doesNotContainKey(new TunnelEnd.Key(A, "to-b"));
        // two gateways share the address A points at
        var twoGateways = TunnelPairing.pair(Map.of(
                A, List.of(tunnel("to-b", "198.51.100.2")),
                B, List.of(tunnel("to-a", "198.51.100.1")),
                C, List.of(tunnel("to-a", "198.51.100.1"))),
                Map.of(A, "198.51.100.1", B, "198.51.100.2", C, "198.51.100.2"));
        assertThat(twoGateways).isEmpty();
    }
}
