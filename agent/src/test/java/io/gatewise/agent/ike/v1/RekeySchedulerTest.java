package io.gatewise.agent.ike.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.gatewise.agent.crypto.FixedRandomSource;
import io.gatewise.agent.crypto.RandomSource;

class RekeySchedulerTest {

    @Test
    void rekeyTimeFallsInTheWindowBeforeTheSoftLimitAndVaries() {
        RandomSource random = new FixedRandomSource(5);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            long at = RekeyScheduler.rekeyAt(1_000, 3600, random);
            assertThat(at - 1_000).isBetween(2_880_000L, 3_240_000L);     // 0.8 L .. 0.9 L
            seen.add(at);
        }
        assertThat(seen).as("a random margin, not one fixed time").hasSizeGreaterThan(400);
    }

    @Test
    void shortLifetimesStillRekeyBeforeTheHardEnd() {
        RandomSource random = new FixedRandomSource(6);
        for (int i = 0; i < 100; i++) {
            long at = RekeyScheduler.rekeyAt(0, 5, random);
            assertThat(at).isBetween(4_000L, 4_500L).isLessThan(RekeyScheduler.expireAt(0, 5));
        }
    }

    @Test
    void softByteLimitHasTheSameMarginAndZeroMeansNone() {
        RandomSource random = new FixedRandomSource(7);
        for (int i = 0; i < 100; i++) {
            assertThat(RekeyScheduler.softBytes(1_000_000, random)).isBetween(800_000L, 900_000L);
        }
        assertThat(RekeyScheduler.softBytes(0, random)).isZero();
    }

    @Test
    void replacedPairIsDeletedAfterTheGraceButBeforeItsHardEnd() {
        assertThat(RekeyScheduler.deleteReplacedAt(10_000, 60_000, true)).isEqualTo(11_000);
        assertThat(RekeyScheduler.deleteReplacedAt(10_000, 60_000, false)).as("the rekey's responder waits longer")
                .isEqualTo(12_000);
        assertThat(RekeyScheduler.deleteReplacedAt(10_000, 10_800, true)).as("clamped to the hard end")
                .isEqualTo(10_300);
        assertThat(RekeyScheduler.deleteReplacedAt(10_000, 10_100, true)).as("never in the past")
                .isEqualTo(10_000);
    }

    @Test
    void outboundMovesAtTheLatestThreeRoundTripsAfterMessage3() {
        assertThat(RekeyScheduler.outboundSwitchDelay(0)).isEqualTo(500);
        assertThat(RekeyScheduler.outboundSwitchDelay(350)).isEqualTo(1050);
        assertThat(RekeyScheduler.outboundSwitchDelay(60_000)).isEqualTo(3000);
    }
}
