package io.canarykit.operators.window;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UtcDaysTest {

    @Test
    void aDayRunsFromOneMidnightUtcToTheNext() {
        // 2026-01-01T00:00:00Z is 1,767,225,600,000 ms: day 20,454.
        assertThat(UtcDays.dayOf(1_767_225_600_000L)).isEqualTo(20_454);
        assertThat(UtcDays.dayOf(1_767_225_599_999L)).isEqualTo(20_453);
        assertThat(UtcDays.startOf(20_454)).isEqualTo(1_767_225_600_000L);
        assertThat(UtcDays.isMidnight(1_767_225_600_000L)).isTrue();
        assertThat(UtcDays.isMidnight(1_767_225_600_001L)).isFalse();
        // Before the epoch the day still starts at its own midnight.
        assertThat(UtcDays.dayOf(-1)).isEqualTo(-1);
        assertThat(UtcDays.isMidnight(-86_400_000L)).isTrue();
    }
}
