package io.gatewise.server.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class TunnelStateCalculatorTest {
    static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    static SaReport.ChildSa sa(String tunnel, String in, String out, String state, long bytesIn) {
        return new SaReport.ChildSa(tunnel, "c", in, out, state, 10, 100, bytesIn, bytesIn / 2, bytesIn / 100,
                bytesIn / 200, 0, 0, 0, "aes128gcm16");
    }

    static SaReport report(SaReport.ChildSa... sas) {
        return new SaReport(Instant.EPOCH, List.of(), List.of(sas));
    }

    private static final TunnelEnd A_TO_B = new TunnelEnd(A, "to-b", Optional.of(new TunnelEnd.Peer(B, "to-a")));
    private static final TunnelEnd B_TO_A = new TunnelEnd(B, "to-a", Optional.of(new TunnelEnd.Peer(A, "to-b")));

    private static TunnelState stateOf(List<TunnelStateCalculator.Result> results, UUID g, String tunnel) {
        return results.stream().filter(r -> r.key().equals(new TunnelEnd.Key(g, tunnel))).findFirst().orElseThrow()
                .state();
    }

    @Test
    void upOnlyWhenBothEndsReportInstalledSasWithMatchingSpis() {
        var results = TunnelStateCalculator.compute(List.of(A_TO_B, B_TO_A), Map.of(
                A, report(sa("to-b", "c0000001", "c0000002", "installed", 0)),
                B, report(sa("to-a", "c0000002", "c0000001", "installed", 0))), Set.of());
        assertThat(stateOf(results, A, "to-b")).isEqualTo(TunnelState.UP);
        assertThat(stateOf(results, B, "to-a")).isEqualTo(TunnelState.UP);
    }

    @Test
    void mismatchedSpisOrOneMissingSideIsOneSideUp() {
        var mismatched = TunnelStateCalculator.compute(List.of(A_TO_B, B_TO_A), Map.of(
                A, report(sa("to-b", "c0000001", "c0000002", "installed", 0)),
                B, report(sa("to-a", "c0000003", "c0000004", "installed", 0))), Set.of());
        assertThat(stateOf(mismatched, A, "to-b")).isEqualTo(TunnelState.ONE_SIDE_UP);
        var oneSide = TunnelStateCalculator.compute(List.of(A_TO_B, B_TO_A), Map.of(
                A, report(sa("to-b", "c0000001", "c0000002", "installed", 0)), B, report()), Set.of());
        assertThat(stateOf(oneSide, A, "to-b")).isEqualTo(TunnelState.ONE_SIDE_UP);
        assertThat(stateOf(oneSide, B, "to-a")).isEqualTo(TunnelState.ONE_SIDE_UP);
    }

    @Test
    void neverEstablishedDownAndStale() {
        var results = TunnelStateCalculator.compute(List.of(A_TO_B, B_TO_A), Map.of(
                A, report(sa("removed-tunnel", "c0000009", "c000000a", "installed", 0)), B, report()),
                Set.of(new TunnelEnd.Key(B, "to-a")));
        assertThat(stateOf(results, A, "to-b")).isEqualTo(TunnelState.NEVER_ESTABLISHED);
        assertThat(stateOf(results, B, "to-a")).isEqualTo(TunnelState.DOWN);
        assertThat(stateOf(results, A, "removed-tunnel")).isEqualTo(TunnelState.STALE);
    }

    @Test
    void anExternalPeerIsUpWithAnInstalledSaAndAnExpiredOneDoesNotCount() {
        TunnelEnd external = new TunnelEnd(A, "to-partner", Optional.empty());
        assertThat(stateOf(TunnelStateCalculator.compute(List.of(external),
                Map.of(A, report(sa("to-partner", "c1", "c2", "installed", 0))), Set.of()), A, "to-partner"))
                .isEqualTo(TunnelState.UP);
        assertThat(stateOf(TunnelStateCalculator.compute(List.of(external),
                Map.of(A, report(sa("to-partner", "c1", "c2", "expired", 0))), Set.of()), A, "to-partner"))
                .isEqualTo(TunnelState.NEVER_ESTABLISHED);
    }

    @Test
    void trafficTotalsSurviveRekeys() {
        TrafficTotals totals = new TrafficTotals();
        TunnelEnd.Key key = new TunnelEnd.Key(A, "to-b");
        totals.add(A, report(sa("to-b", "c0000001", "c0000002", "installed", 1000)));
        totals.add(A, report(sa("to-b", "c0000001", "c0000002", "installed", 1500)));
        assertThat(totals.of(key).bytesIn()).isEqualTo(1500);
        // rekey: old SA and new SA side by side, then the old one goes
        totals.add(A, report(sa("to-b", "c0000001", "c0000002", "rekeying", 1600),
                sa("to-b", "c0000003", "c0000004", "installed", 100)));
        totals.add(A, report(sa("to-b", "c0000003", "c0000004", "installed", 400)));
        assertThat(totals.of(key).bytesIn()).isEqualTo(1600 + 400);
        assertThat(totals.of(key).bytesOut()).isEqualTo(800 + 200);
        // an SA whose counters went down (agent restarted) counts from zero
        totals.add(A, report(sa("to-b", "c0000003", "c0000004", "installed", 50)));
        assertThat(totals.of(key).bytesIn()).isEqualTo(2050);
    }
}
