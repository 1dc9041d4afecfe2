package io.canarykit.cli.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The load of one job vertex over a run, from successive readings of its subtasks' totals: for each
 * interval between two readings, each subtask's busy, back-pressured and idle milliseconds per second
 * (its share of the interval's time, times 1,000) and the records it took in per second. A vertex
 * whose work all goes to one key shows it as one busy subtask, so the figures follow the busiest
 * subtask of each interval.
 */
final class VertexLoad {

    /** One subtask's interval: its time shares in ms per second and its input rate. */
    record Interval(int subtask, double busy, double backPressured, double idle, double recordsInPerSecond) {}

    /**
     * What the intervals say: how many there were; the busiest subtask's busy time (median and max),
     * its back-pressured and idle time (medians); the vertex's records in per second (median of the
     * subtasks' sum); each subtask's median busy time; and Flink's own busy gauge of the busiest
     * subtask at the last reading.
     */
    record Summary(int intervals, OptionalDouble busyP50, OptionalDouble busyMax, OptionalDouble backPressuredP50,
            OptionalDouble idleP50, OptionalDouble recordsInP50, Map<Integer, Double> busyP50BySubtask,
            OptionalDouble lastBusyGauge) {}

    private final Map<Integer, SubtaskCounters> previous = new HashMap<>();
    private final List<Interval> busiest = new ArrayList<>();
    private final List<Double> recordsIn = new ArrayList<>();
    private final Map<Integer, List<Double>> busyBySubtask = new HashMap<>();
    private List<SubtaskCounters> last = List.of();

    /**
     * Takes one reading of every subtask. An interval counts only for a subtask whose totals moved
     * since its last reading: Flink's REST API caches metrics, so two readings may be the same one.
     */
    void record(List<SubtaskCounters> reading) {
        List<Interval> intervals = new ArrayList<>();
        for (SubtaskCounters now : reading) {
            if (!now.complete()) {
                continue;
            }
            SubtaskCounters before = previous.put(now.subtask(), now);
            if (before != null && now.totalMs() > before.totalMs()) {
                intervals.add(between(before, now));
            }
        }
        last = List.copyOf(reading);
        if (intervals.isEmpty()) {
            return;
        }
        Interval hottest = intervals.get(0);
        double in = 0;
        for (Interval i : intervals) {
            hottest = i.busy() > hottest.busy() ? i : hottest;
            in += Double.isFinite(i.recordsInPerSecond()) ? i.recordsInPerSecond() : 0;
            busyBySubtask.computeIfAbsent(i.subtask(), s -> new ArrayList<>()).add(i.busy());
        }
        busiest.add(hottest);
        recordsIn.add(in);
    }

    /** Each share of the interval's time is the total's growth over all three totals' growth. */
    static Interval between(SubtaskCounters before, SubtaskCounters now) {
        double elapsedMs = now.totalMs() - before.totalMs();
        return new Interval(now.subtask(),
                perSecond(now.busyMs() - before.busyMs(), elapsedMs),
                perSecond(now.backPressuredMs() - before.backPressuredMs(), elapsedMs),
                perSecond(now.idleMs() - before.idleMs(), elapsedMs),
                perSecond(now.recordsIn() - before.recordsIn(), elapsedMs));
    }

    private static double perSecond(double growth, double elapsedMs) {
        return growth * 1_000 / elapsedMs;
    }

    Summary summary() {
        Map<Integer, Double> medians = new HashMap<>();
        busyBySubtask.forEach((subtask, busy) -> medians.put(subtask, median(busy).orElse(Double.NaN)));
        List<Double> busy = busiest.stream().map(Interval::busy).toList();
        OptionalDouble gauge = OptionalDouble.empty();
        if (!busiest.isEmpty()) {
            int hottest = busiest.get(busiest.size() - 1).subtask();
            gauge = last.stream().filter(c -> c.subtask() == hottest && Double.isFinite(c.busyGauge()))
                    .mapToDouble(SubtaskCounters::busyGauge).findFirst();
        }
        return new Summary(busiest.size(), median(busy), nearestRank(busy, 100),
                median(busiest.stream().map(Interval::backPressured).toList()),
                median(busiest.stream().map(Interval::idle).toList()),
                median(recordsIn), medians, gauge);
    }

    private static OptionalDouble median(List<Double> values) {
        return nearestRank(values, 50);
    }

    private static OptionalDouble nearestRank(List<Double> values, double percentile) {
        return CensoredPercentiles.nearestRank(values, 0, percentile);
    }
}
