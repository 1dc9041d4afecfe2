package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class OpenLoopClientTest {

    @Test
    void aMergeWithNoEarlierRunIsTheRunItself() {
        OpenLoopClient.Result run = new OpenLoopClient.Result(histogramOf(1, 50), 50, 0, null);

        assertThat(OpenLoopClient.Result.merge(null, run)).isSameAs(run);
    }

    @Test
    void mergedRunsCountEveryRequestAndTakeTheirPercentilesTogether() {
        // 1..60 ms in one run and 61..100 in the other: together the median is 50 ms and the 99th 99 ms.
        OpenLoopClient.Result first = new OpenLoopClient.Result(histogramOf(1, 60), 62, 2, "HTTP 503");
        OpenLoopClient.Result second = new OpenLoopClient.Result(histogramOf(61, 100), 41, 1, "HTTP 500");

        OpenLoopClient.Result both = OpenLoopClient.Result.merge(first, second);

        assertThat(both.sent()).isEqualTo(103);
        assertThat(both.failed()).isEqualTo(3);
        assertThat(both.firstFailure()).isEqualTo("HTTP 503");
        assertThat(both.micros().getTotalCount()).isEqualTo(100);
        assertThat(LatencySummary.of(both.micros()).p50Ms()).isCloseTo(50.0, Offset.offset(0.05));
        assertThat(LatencySummary.of(both.micros()).p99Ms()).isCloseTo(99.0, Offset.offset(0.1));
        assertThat(LatencySummary.of(both.micros()).maxMs()).isCloseTo(100.0, Offset.offset(0.1));
        // The runs merged are left as they were.
        assertThat(first.micros().getTotalCount()).isEqualTo(60);
    }

    @Test
    void theFirstFailureIsTheLaterRunsWhenTheEarlierHadNone() {
        OpenLoopClient.Result first = new OpenLoopClient.Result(histogramOf(1, 10), 10, 0, null);
        OpenLoopClient.Result second = new OpenLoopClient.Result(histogramOf(1, 9), 10, 1, "timed out");

        assertThat(OpenLoopClient.Result.merge(first, second).firstFailure()).isEqualTo("timed out");
    }

    /** One latency per whole millisecond from {@code fromMs} to {@code toMs}, in microseconds. */
    private static Histogram histogramOf(int fromMs, int toMs) {
        Histogram h = LatencySummary.microsHistogram();
        for (int ms = fromMs; ms <= toMs; ms++) {
            h.recordValue(ms * 1_000L);
        }
        return h;
    }
}
