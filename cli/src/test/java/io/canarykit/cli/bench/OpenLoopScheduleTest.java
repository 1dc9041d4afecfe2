package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {

    @Test
    void requestsFallDueEvenlyAtTheRateFromTheStart() {
        // 2,000/s: one every 500 µs, whatever the answers do.
        OpenLoopSchedule schedule = new OpenLoopSchedule(2_000);
        assertThat(schedule.dueNanos(0)).isZero();
        assertThat(schedule.dueNanos(1)).isEqualTo(500_000L);
        assertThat(schedule.dueNanos(2_000)).isEqualTo(1_000_000_000L);
        // 3/s: the third request is due at 2/3 s, rounded to the nearest nanosecond.
        assertThat(new OpenLoopSchedule(3).dueNanos(2)).isEqualTo(666_666_667L);
    }

    @Test
    void aRunOfSecondsHoldsRateTimesSecondsRequests() {
        assertThat(new OpenLoopSchedule(2_000).requestsWithin(5)).isEqualTo(10_000);
        // 2.5 requests fall due in 1.25 s at 2/s: those at 0, 0.5 and 1.0 s.
        assertThat(new OpenLoopSchedule(2).requestsWithin(1.25)).isEqualTo(3);
    }

    @Test
    void latencyCountsFromWhenTheRequestWasDueNotWhenItWentOut() {
        // Due at 1.0 ms, sent late at 4.0 ms behind a stall, answered at 4.5 ms: 3.5 ms, not 0.5 ms.
        assertThat(OpenLoopSchedule.latencyMicros(1_000_000, 4_500_000)).isEqualTo(3_500);
        assertThat(OpenLoopSchedule.latencyMicros(1_000_000, 1_000_999)).isZero();
    }

    @Test
    void aStallIsChargedToEveryRequestItHeldBack() {
        // 1,000/s for 10 requests; the server stalls 5 ms from the start, then answers each at once.
        OpenLoopSchedule schedule = new OpenLoopSchedule(1_000);
        Histogram micros = LatencySummary.microsHistogram();
        for (int i = 0; i < 10; i++) {
            long due = schedule.dueNanos(i);
            long done = Math.max(due, 5_000_000L);
            micros.recordValue(OpenLoopSchedule.latencyMicros(due, done));
        }
        // Latencies 5, 4, 3, 2, 1 ms, then five of 0: the median is the 5th smallest, the max the stall.
        LatencySummary summary = LatencySummary.of(micros);
        assertThat(summary.count()).isEqualTo(10);
        assertThat(summary.p50Ms()).isEqualTo(0.0);
        assertThat(summary.p99Ms()).isBetween(4.995, 5.005);
        assertThat(summary.maxMs()).isBetween(4.995, 5.005);
    }

    @Test
    void refusesARateThatIsNotAPositiveNumber() {
        assertThatThrownBy(() -> new OpenLoopSchedule(0)).hasMessageContaining("rate must be a positive number");
        assertThatThrownBy(() -> new OpenLoopSchedule(Double.NaN)).hasMessageContaining("rate must be a positive number");
    }
}
