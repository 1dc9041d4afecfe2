package io.canarykit.operators.symbol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KpiCadenceTest {

    @Test
    void theFirstRecordIsAlwaysDue() {
        assertThat(KpiCadence.due(KpiCadence.NEVER, 1_234, 1_000)).isTrue();
    }

    @Test
    void aRecordIsDueAtTheFirstEvaluationOfEachIntervalOfTheClock() {
        // Sent at 1,410 (a changed decision mid-interval): the next is due in [2,000, 3,000), not at 2,410.
        assertThat(KpiCadence.due(1_410, 1_999, 1_000)).isFalse();
        assertThat(KpiCadence.due(1_410, 2_000, 1_000)).isTrue();
        assertThat(KpiCadence.due(2_000, 2_999, 1_000)).isFalse();
        assertThat(KpiCadence.due(2_000, 3_000, 1_000)).isTrue();
    }

    @Test
    void aClockThatGoesBackIsNeverDue() {
        assertThat(KpiCadence.due(5_000, 3_000, 1_000)).isFalse();
    }

    @Test
    void refusesAnIntervalThatIsNotPositive() {
        assertThatThrownBy(() -> KpiCadence.due(0, 1, 0)).hasMessageContaining("intervalMs must be positive");
    }
}
