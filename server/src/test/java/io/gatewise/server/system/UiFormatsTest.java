package io.gatewise.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class UiFormatsTest {
    private final Instant now = Instant.parse("2026-11-27T10:00:00Z");
    private final UiFormats fmt = new UiFormats(Clock.fixed(now, ZoneOffset.UTC));

    @Test
    void relativeTimes() {
        assertThat(fmt.ago(now.minusSeconds(1))).isEqualTo("just now");
        assertThat(fmt.ago(now.minusSeconds(45))).isEqualTo("45 s ago");
        assertThat(fmt.ago(now.minusSeconds(600))).isEqualTo("10 min ago");
        assertThat(fmt.ago(now.minus(Duration.ofDays(3)))).isEqualTo("3 days ago");
        assertThat(fmt.ago(null)).isEqualTo("never");
        assertThat(fmt.in(now.plus(Duration.ofHours(24)).minusSeconds(5))).isEqualTo("in 24 h");
        assertThat(fmt.in(now.minusSeconds(5))).isEqualTo("expired");
    }

    @Test
    void durationsAndTimestamps() {
        assertThat(fmt.duration(Duration.ofMillis(420))).isEqualTo("0.42 s");
        assertThat(fmt.duration(Duration.ofSeconds(95))).isEqualTo("95 s");
        assertThat(fmt.time(now)).isEqualTo("2026-11-27 10:00:00 UTC");
        assertThat(fmt.time(null)).isEqualTo("—");
    }
}
