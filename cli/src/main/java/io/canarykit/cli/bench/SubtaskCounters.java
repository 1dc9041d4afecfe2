package io.canarykit.cli.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One subtask's running totals as Flink's task metrics give them at a moment: the milliseconds it
 * has been busy, back-pressured and idle since it started, the records it has taken in, and Flink's
 * own {@code busyTimeMsPerSecond} gauge (a moving average over the last minute, for comparison).
 */
record SubtaskCounters(int subtask, double busyMs, double backPressuredMs, double idleMs, double recordsIn,
        double busyGauge) {

    static final String BUSY = "accumulateBusyTimeMs";
    static final String BACK_PRESSURED = "accumulateBackPressuredTimeMs";
    static final String IDLE = "accumulateIdleTimeMs";
    static final String RECORDS_IN = "numRecordsIn";
    static final String BUSY_GAUGE = "busyTimeMsPerSecond";
    /** Every metric a reading takes, by the name Flink registers it under on a task's own group. */
    static final List<String> METRICS = List.of(BUSY, BACK_PRESSURED, IDLE, RECORDS_IN, BUSY_GAUGE);

    /** The milliseconds the three totals cover: the subtask's life so far. */
    double totalMs() {
        return busyMs + backPressuredMs + idleMs;
    }

    /** Whether the three time totals were all read. */
    boolean complete() {
        return Double.isFinite(busyMs) && Double.isFinite(backPressuredMs) && Double.isFinite(idleMs);
    }

    /**
     * Each of {@code parallelism} subtasks' totals from {@code values}, named {@code <subtask>.<metric>}
     * ({@code 0.numRecordsIn} and so on); a metric missing is NaN.
     */
    static List<SubtaskCounters> of(Map<String, Double> values, int parallelism) {
        List<SubtaskCounters> subtasks = new ArrayList<>();
        for (int s = 0; s < parallelism; s++) {
            subtasks.add(new SubtaskCounters(s, value(values, s, BUSY), value(values, s, BACK_PRESSURED),
                    value(values, s, IDLE), value(values, s, RECORDS_IN), value(values, s, BUSY_GAUGE)));
        }
        return subtasks;
    }

    private static double value(Map<String, Double> values, int subtask, String metric) {
        return values.getOrDefault(subtask + "." + metric, Double.NaN);
    }
}
