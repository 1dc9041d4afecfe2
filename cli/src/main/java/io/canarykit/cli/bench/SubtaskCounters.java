package io.canarykit.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
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
    private static final List<String> METRICS = List.of(BUSY, BACK_PRESSURED, IDLE, RECORDS_IN, BUSY_GAUGE);

    /** The milliseconds the three totals cover: the subtask's life so far. */
    double totalMs() {
        return busyMs + backPressuredMs + idleMs;
    }

    /** Whether the three time totals were all read. */
    boolean complete() {
        return Double.isFinite(busyMs) && Double.isFinite(backPressuredMs) && Double.isFinite(idleMs);
    }

    /** The names a vertex's metrics are read by for {@code parallelism} subtasks: {@code 0.numRecordsIn} and so on. */
    static List<String> metricNames(int parallelism) {
        List<String> names = new ArrayList<>();
        for (int subtask = 0; subtask < parallelism; subtask++) {
            for (String metric : METRICS) {
                names.add(subtask + "." + metric);
            }
        }
        return names;
    }

    /**
     * Each subtask's totals from the answer of {@code /jobs/<job>/vertices/<vertex>/metrics}, an array
     * of {@code {"id": "0.numRecordsIn", "value": "123"}}; a metric missing or not a number is NaN.
     */
    static List<SubtaskCounters> parse(JsonNode answer, int parallelism) {
        Map<String, Double> values = new HashMap<>();
        for (JsonNode metric : answer) {
            values.put(metric.path("id").asText(), number(metric.path("value").asText()));
        }
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

    private static double number(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
