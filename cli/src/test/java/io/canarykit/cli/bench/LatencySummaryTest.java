package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

    @Test
    void percentilesOfOneToAThousandMillisecondsAreTheNearestRanks() {
        Histogram h = LatencySummary.microsHistogram();
        // 1,000 latencies of 1, 2, ... 1,000 ms, recorded in microseconds.
        for (int ms = 1; ms <= 1_000; ms++) {
            h.recordValue(ms * 1_000L);
        }

        LatencySummary s = LatencySummary.of(h);

        // The 500th, 990th and 999th smallest, within the histogram's 3 significant digits (0.1%).
        assertThat(s.count()).isEqualTo(1_000);
        assertThat(s.p50Ms()).isCloseTo(500.0, org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(s.p99Ms()).isCloseTo(990.0, org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(s.p999Ms()).isCloseTo(999.0, org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(s.maxMs()).isCloseTo(1_000.0, org.assertj.core.data.Percentage.withPercentage(0.1));
    }

    @Test
    void smallLatenciesAreExact() {
        Histogram h = LatencySummary.microsHistogram();
        h.recordValue(700);
        h.recordValue(1_200);

        LatencySummary s = LatencySummary.of(h);

        assertThat(s.p50Ms()).isEqualTo(0.7);
        assertThat(s.maxMs()).isEqualTo(1.2);
    }

    @Test
    void coordinatedOmissionCorrectionFillsInTheProbesAStallHeldBack() {
        // An open load of one probe every 10 ms: one answer took 100 ms, so 9 probes behind it would
        // have waited 90, 80, ... 10 ms; the corrected histogram counts them.
        Histogram h = LatencySummary.microsHistogram();
        for (int i = 0; i < 90; i++) {
            h.recordValueWithExpectedInterval(1_000, 10_000);
        }
        h.recordValueWithExpectedInterval(100_000, 10_000);

        assertThat(h.getTotalCount()).isEqualTo(100);
        assertThat(LatencySummary.of(h).p99Ms()).isCloseTo(90.0, org.assertj.core.data.Percentage.withPercentage(0.1));
    }

    @Test
    void anEmptyHistogramHasNoFigures() {
        LatencySummary s = LatencySummary.of(LatencySummary.microsHistogram());

        assertThat(s.count()).isZero();
        assertThat(s.p99Ms()).isNaN();
    }
}
