package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class CensoredPercentilesTest {

    private static Histogram oneToAHundredMs() {
        Histogram h = LatencySummary.microsHistogram();
        for (int ms = 1; ms <= 100; ms++) {
            h.recordValue(ms * 1_000L);
        }
        return h;
    }

    // Values within the histogram's 3 significant digits (0.1 %).
    @Test
    void withEverySampleFinishedThePercentilesAreTheNearestRanks() {
        Histogram h = oneToAHundredMs();

        assertThat(CensoredPercentiles.ms(h, 50, 0).getAsDouble()).isCloseTo(50.0, withPercentage(0.1));
        assertThat(CensoredPercentiles.ms(h, 99, 0).getAsDouble()).isCloseTo(99.0, withPercentage(0.1));
        assertThat(CensoredPercentiles.maxMs(h, 0).getAsDouble()).isCloseTo(100.0, withPercentage(0.1));
    }

    @Test
    void unfinishedSamplesRankAboveEveryFinishedOne() {
        Histogram h = oneToAHundredMs();

        // 100 finished and 100 unfinished: the median is the 100th of 200, the slowest finished one.
        assertThat(CensoredPercentiles.ms(h, 50, 100).getAsDouble()).isCloseTo(100.0, withPercentage(0.1));
        // 100 finished and 1 unfinished: p99 is the ceil(99.99) = 100th of 101.
        assertThat(CensoredPercentiles.ms(h, 99, 1).getAsDouble()).isCloseTo(100.0, withPercentage(0.1));
        // 100 finished and 2 unfinished: p99 is the ceil(100.98) = 101st of 102, an unfinished one.
        assertThat(CensoredPercentiles.ms(h, 99, 2)).isEmpty();
        assertThat(CensoredPercentiles.maxMs(h, 1)).isEmpty();
    }

    @Test
    void noSamplesHaveNoPercentiles() {
        Histogram empty = LatencySummary.microsHistogram();

        assertThat(CensoredPercentiles.ms(empty, 50, 0)).isEmpty();
        assertThat(CensoredPercentiles.ms(empty, 50, 3)).isEmpty();
        assertThat(CensoredPercentiles.maxMs(empty, 0)).isEmpty();
    }

    @Test
    void nearestRankOfFiftyTrialsPutsP99AtTheLargest() {
        List<Double> trials = new ArrayList<>();
        for (int i = 50; i >= 1; i--) {
            trials.add(i * 10.0);
        }

        // ceil(0.5 * 50) = 25th smallest; ceil(0.99 * 50) = ceil(49.5) = 50th, the largest.
        assertThat(CensoredPercentiles.nearestRank(trials, 0, 50)).hasValue(250.0);
        assertThat(CensoredPercentiles.nearestRank(trials, 0, 99)).hasValue(500.0);
        assertThat(CensoredPercentiles.nearestRank(trials, 0, 100)).hasValue(500.0);
    }

    @Test
    void nearestRankOfTrialsWithOneUnfinished() {
        List<Double> nine = List.of(9.0, 1.0, 8.0, 2.0, 7.0, 3.0, 6.0, 4.0, 5.0);

        // Ten in all: the median is the 5th smallest; p99 the 10th, the unfinished one.
        assertThat(CensoredPercentiles.nearestRank(nine, 1, 50)).hasValue(5.0);
        assertThat(CensoredPercentiles.nearestRank(nine, 1, 99)).isEmpty();
        assertThat(CensoredPercentiles.nearestRank(List.of(), 0, 50)).isEmpty();
    }
}
