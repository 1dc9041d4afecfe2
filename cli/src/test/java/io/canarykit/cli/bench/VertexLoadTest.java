package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VertexLoadTest {

    private static SubtaskCounters at(int subtask, double busy, double backPressured, double idle, double in) {
        return new SubtaskCounters(subtask, busy, backPressured, idle, in, Double.NaN);
    }

    /**
     * Subtask 0 takes most of the input, subtask 1 little. Five readings: the third repeats the
     * second (the REST API's cache), so three intervals, of 1 s, 2 s and 1 s:
     * busy ms/s          subtask 0: 300, 50, 500    subtask 1: 10, 105, 80
     * back-pressured ms/s subtask 0: 0, 50, 100;   idle ms/s subtask 0: 700, 900, 400;
     * over the run, 4,000 ms: subtask 0's busy total grew by 900 ms and its records by 2,400,
     * subtask 1's by 300 ms and 25 records.
     */
    private static VertexLoad fiveReadings() {
        VertexLoad load = new VertexLoad();
        load.record(List.of(at(0, 1_000, 0, 4_000, 0), at(1, 0, 0, 5_000, 0)));
        load.record(List.of(at(0, 1_300, 0, 4_700, 900), at(1, 10, 0, 5_990, 5)));
        load.record(List.of(at(0, 1_300, 0, 4_700, 900), at(1, 10, 0, 5_990, 5)));
        load.record(List.of(at(0, 1_400, 100, 6_500, 1_400), at(1, 220, 0, 7_780, 15)));
        load.record(List.of(new SubtaskCounters(0, 1_900, 200, 6_900, 2_400, 312.5), at(1, 300, 0, 8_700, 25)));
        return load;
    }

    @Test
    void anIntervalsSharesAreEachTotalsGrowthOverAllThreeTotalsGrowth() {
        // 2,000 ms passed: 100 busy, 100 back-pressured, 1,800 idle, 500 records.
        VertexLoad.Interval interval = VertexLoad.between(at(0, 1_300, 0, 4_700, 900), at(0, 1_400, 100, 6_500, 1_400));
        assertThat(interval).isEqualTo(new VertexLoad.Interval(0, 50, 50, 900, 250, 2_000));
    }

    @Test
    void listsTheBusiestSubtasksIntervalsInOrder() {
        // Subtask 0's three intervals as the readings came: 300, then 50 over 2 s, then 500.
        assertThat(fiveReadings().busiestSeries()).containsExactly(300.0, 50.0, 500.0);
    }

    @Test
    void followsTheSubtaskBusiestOverTheRunWithNearestRankMedianAndMax() {
        VertexLoad.Summary summary = fiveReadings().summary();

        // Subtask 1's 105 in the second interval beats subtask 0's 50 there, but not over the run.
        assertThat(summary.busiestSubtask()).isZero();
        assertThat(summary.intervals()).isEqualTo(3);
        // Nearest rank of three: the 2nd smallest of 50, 300, 500.
        assertThat(summary.busyP50()).hasValue(300);
        // The run's 4 s are shorter than a window: 300 + 100 + 500 ms busy over the whole of it.
        assertThat(summary.busyMax()).hasValue(225);
        assertThat(summary.busyMaxOfOneInterval()).hasValue(500);
        assertThat(summary.backPressuredP50()).hasValue(50);
        assertThat(summary.idleP50()).hasValue(700);
        // 2,400 + 25 records in 4 s.
        assertThat(summary.recordsInPerSecond()).hasValue(606.25);
        // 900 ms for 2,400 records.
        assertThat(summary.busyMsPer1kRecords()).hasValue(375);
        // Subtask 0: 50, 300, 500; subtask 1: 10, 80, 105.
        assertThat(summary.busyP50BySubtask()).isEqualTo(Map.of(0, 300.0, 1, 80.0));
        assertThat(summary.lastBusyGauge()).hasValue(312.5);
    }

    private static VertexLoad.Interval lasting(double elapsedMs, double busy) {
        return new VertexLoad.Interval(0, busy, 0, 1_000 - busy, 0, elapsedMs);
    }

    @Test
    void theBusiestWindowIsTheBusiestStretchOfAtLeastItsLength() {
        // Seconds of 100 ms busy with one of 600: the 5 s around it hold 600 + 4 × 100 ms.
        List<VertexLoad.Interval> seconds = List.of(lasting(1_000, 100), lasting(1_000, 100), lasting(1_000, 100),
                lasting(1_000, 100), lasting(1_000, 100), lasting(1_000, 600), lasting(1_000, 0),
                lasting(1_000, 0), lasting(1_000, 0), lasting(1_000, 0));
        assertThat(VertexLoad.busiestWindow(seconds, 5_000)).hasValue(200);
        // A reading taken during an idle stretch Flink has not folded yet: the swing evens out over 5 s.
        List<VertexLoad.Interval> swinging = List.of(lasting(1_000, 124), lasting(1_000, 10), lasting(1_000, 136),
                lasting(1_000, -24), lasting(1_000, 54), lasting(1_000, 50));
        // Windows: 124 + 10 + 136 - 24 + 54 = 300, and 10 + 136 - 24 + 54 + 50 = 226 ms over 5 s.
        assertThat(VertexLoad.busiestWindow(swinging, 5_000)).hasValue(60);
    }

    @Test
    void intervalsOfUnevenLengthWeighByTheirLength() {
        // 2 s at 50, 1 s at 500, 3 s at 100: the only window ending where 5 s are reached is all 6 s,
        // 100 + 500 + 300 ms busy.
        List<VertexLoad.Interval> intervals = List.of(lasting(2_000, 50), lasting(1_000, 500), lasting(3_000, 100));
        assertThat(VertexLoad.busiestWindow(intervals, 5_000)).hasValue(150);
        assertThat(VertexLoad.busiestWindow(List.of(), 5_000)).isEmpty();
    }

    @Test
    void aSubtaskWithATimeTotalMissingIsLeftOutOfTheInterval() {
        VertexLoad load = new VertexLoad();
        load.record(List.of(at(0, 0, 0, 1_000, 0), at(1, 0, 0, 1_000, 0)));
        load.record(List.of(at(0, 900, 0, 1_100, 0), at(1, Double.NaN, 0, 2_000, 0)));

        VertexLoad.Summary summary = load.summary();
        assertThat(summary.busiestSubtask()).isZero();
        assertThat(summary.intervals()).isEqualTo(1);
        assertThat(summary.busyMax()).hasValue(900);
        assertThat(summary.busyP50BySubtask()).containsOnlyKeys(0);
    }

    @Test
    void withoutTwoReadingsThereIsNoFigure() {
        VertexLoad load = new VertexLoad();
        load.record(List.of(at(0, 100, 0, 900, 0)));

        VertexLoad.Summary summary = load.summary();
        assertThat(summary.intervals()).isZero();
        assertThat(summary.busyP50()).isEmpty();
        assertThat(summary.busyMax()).isEmpty();
        assertThat(summary.recordsInPerSecond()).isEmpty();
        assertThat(summary.busyMsPer1kRecords()).isEmpty();
        assertThat(summary.lastBusyGauge()).isEmpty();
    }
}
