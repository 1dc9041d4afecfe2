package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchMathTest {

    @Test
    void aRateIsCountOverSeconds() {
        // 150,000 events in 2.5 s.
        assertThat(BenchMath.perSecond(150_000, 2_500_000_000L)).isEqualTo(60_000.0);
        assertThat(BenchMath.perSecond(10, 0)).isNaN();
    }

    @Test
    void aPerCoreRateSharesTheRateOutOverTheCores() {
        assertThat(BenchMath.perCore(60_000, 2)).isEqualTo(30_000.0);
        assertThatThrownBy(() -> BenchMath.perCore(1, 0)).hasMessageContaining("cores must be at least 1");
    }

    @Test
    void theRatioOfGatingToPassthroughIsTheirQuotient() {
        // 19,746 events/s against a passthrough of 634,000 x 2 cores.
        assertThat(BenchMath.ratio(19_746, 1_268_000)).isCloseTo(0.015572, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(BenchMath.ratio(1, 0)).isNaN();
        assertThat(BenchMath.ratio(1, Double.NaN)).isNaN();
    }

    @Test
    void theMedianOfRoundsIsTheMiddleOneOrTheMeanOfTheMiddleTwo() {
        assertThat(BenchMath.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(BenchMath.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(BenchMath.median(List.of())).isNaN();
    }
}
