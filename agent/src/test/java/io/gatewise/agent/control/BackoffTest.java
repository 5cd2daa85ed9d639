package io.gatewise.agent.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void ceilingDoublesFromOneSecondToSixtyThenStays() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random(1));
        List<Long> ceilings = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            ceilings.add(b.ceiling().toSeconds());
            b.next();
        }
        assertThat(ceilings).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
        for (int i = 0; i < 100; i++) {
            b.next(); // no overflow after many attempts
        }
        assertThat(b.ceiling()).isEqualTo(Duration.ofSeconds(60));
        b.reset();
        assertThat(b.ceiling()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void delaysAreJitteredWithinFloorAndCeiling() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random(7));
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 2000; i++) {
            b.reset();
            for (int k = 0; k < 3; k++) {
                b.next();
            }
            long d = b.next().toMillis(); // fourth attempt: ceiling 8 s
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertThat(min).isGreaterThanOrEqualTo(Backoff.FLOOR.toMillis()).isLessThan(1000);
        assertThat(max).isLessThanOrEqualTo(8000).isGreaterThan(7000);
    }
}
