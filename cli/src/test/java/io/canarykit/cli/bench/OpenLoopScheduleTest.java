package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {

    @Test
    void twentyThousandASecondAreDueEveryFiftyMicroseconds() {
        OpenLoopSchedule s = new OpenLoopSchedule(1_000, 20_000);

        assertThat(s.dueNanos(0)).isEqualTo(1_000);
        assertThat(s.dueNanos(3)).isEqualTo(151_000);
        assertThat(s.dueNanos(20_000)).isEqualTo(1_000_001_000L);
    }

    @Test
    void countsTheSendsDueByAMomentFromTheFirstAtTheStart() {
        OpenLoopSchedule s = new OpenLoopSchedule(1_000, 20_000);

        assertThat(s.dueBy(999)).isZero();
        assertThat(s.dueBy(1_000)).isEqualTo(1);
        // Sends 0, 1 and 2 are due at 1,000, 51,000 and 101,000; send 3 at 151,000.
        assertThat(s.dueBy(150_999)).isEqualTo(3);
        assertThat(s.dueBy(151_000)).isEqualTo(4);
        // One second in, 20,000 intervals have passed: sends 0 to 20,000.
        assertThat(s.dueBy(1_000_001_000L)).isEqualTo(20_001);
    }

    @Test
    void aSendIsDueByTheMomentItIsDueAtEvenWhenTheIntervalIsNotWholeNanoseconds() {
        // Three a second: send 1 is due a third of a second in, 333,333,333.3 ns, rounded up.
        OpenLoopSchedule s = new OpenLoopSchedule(0, 3);

        assertThat(s.dueNanos(1)).isEqualTo(333_333_334L);
        assertThat(s.dueBy(s.dueNanos(1))).isEqualTo(2);
        assertThat(s.dueBy(s.dueNanos(1) - 1)).isEqualTo(1);
    }

    @Test
    void refusesARateThatIsNotPositive() {
        assertThatThrownBy(() -> new OpenLoopSchedule(0, 0)).hasMessageContaining("perSecond must be a positive rate");
    }

    @Test
    void aRunOfSecondsHoldsRateTimesSecondsSends() {
        assertThat(new OpenLoopSchedule(0, 2_000).sendsWithin(5)).isEqualTo(10_000);
        // 2.5 sends fall due in 1.25 s at 2/s: those at 0, 0.5 and 1.0 s.
        assertThat(new OpenLoopSchedule(0, 2).sendsWithin(1.25)).isEqualTo(3);
    }

    @Test
    void latencyCountsFromWhenTheSendWasDueNotWhenItWentOut() {
        // Due at 1.0 ms, sent late at 4.0 ms behind a stall, answered at 4.5 ms: 3.5 ms, not 0.5 ms.
        assertThat(OpenLoopSchedule.latencyMicros(1_000_000, 4_500_000)).isEqualTo(3_500);
        assertThat(OpenLoopSchedule.latencyMicros(1_000_000, 1_000_999)).isZero();
    }

    @Test
    void aStallIsChargedToEverySendItHeldBack() {
        // 1,000/s for 10 requests; the server stalls 5 ms from the start, then answers each at once.
        OpenLoopSchedule schedule = new OpenLoopSchedule(0, 1_000);
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
}
