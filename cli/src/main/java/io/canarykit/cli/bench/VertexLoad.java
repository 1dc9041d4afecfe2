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
 * whose work all goes to one key shows it as one busy subtask, so the figures follow the subtask
 * that was busy longest over the whole run.
 */
final class VertexLoad {

    /** One subtask's interval: its time shares in ms per second, its input rate, and how long it was. */
    record Interval(int subtask, double busy, double backPressured, double idle, double recordsInPerSecond,
            double elapsedMs) {}

    /**
     * The shortest stretch a busiest-time figure runs over. Flink's busy total is the task's wall time
     * less its idle and back-pressured totals, and it folds an idle stretch into the idle total only
     * when the stretch ends or at its metrics' update every 5 s: until then that idle time counts as
     * busy, and comes off again later. Over a second a mostly idle subtask's busy share swings (below
     * zero at times); over 5 s each stretch has been folded at least once.
     */
    static final double MAX_WINDOW_MS = 5_000;

    /**
     * What the intervals say: the busiest subtask and how many intervals it has; its busy time
     * (median of the intervals; max over any {@link #MAX_WINDOW_MS} of them, and of one interval),
     * back-pressured and idle time (medians); the vertex's records in per second
     * over the run (all subtasks); the busiest subtask's busy milliseconds per 1,000 records it took
     * in; each subtask's median busy time; and Flink's own busy gauge of the busiest subtask at the
     * last reading.
     */
    record Summary(int busiestSubtask, int intervals, OptionalDouble busyP50, OptionalDouble busyMax,
            OptionalDouble busyMaxOfOneInterval, OptionalDouble backPressuredP50, OptionalDouble idleP50, OptionalDouble recordsInPerSecond,
            OptionalDouble busyMsPer1kRecords, Map<Integer, Double> busyP50BySubtask, OptionalDouble lastBusyGauge) {}

    private final Map<Integer, SubtaskCounters> first = new HashMap<>();
    private final Map<Integer, SubtaskCounters> previous = new HashMap<>();
    private final Map<Integer, List<Interval>> bySubtask = new HashMap<>();

    /**
     * Takes one reading of every subtask. An interval counts only for a subtask whose totals moved
     * since its last reading: Flink folds the time of a stretch still going on into its totals only
     * when the stretch ends, so two readings close together may find the same totals.
     */
    void record(List<SubtaskCounters> reading) {
        for (SubtaskCounters now : reading) {
            if (!now.complete()) {
                continue;
            }
            first.putIfAbsent(now.subtask(), now);
            SubtaskCounters before = previous.put(now.subtask(), now);
            if (before != null && now.totalMs() > before.totalMs()) {
                bySubtask.computeIfAbsent(now.subtask(), s -> new ArrayList<>()).add(between(before, now));
            }
        }
    }

    /**
     * Each share of the interval's time is the total's growth over all three totals' growth. Flink
     * folds an idle stretch still going on into its total only every 5 s, so a mostly idle subtask's
     * busy share of a short interval can come out too high, or below zero in the next.
     */
    static Interval between(SubtaskCounters before, SubtaskCounters now) {
        double elapsedMs = now.totalMs() - before.totalMs();
        return new Interval(now.subtask(),
                perSecond(now.busyMs() - before.busyMs(), elapsedMs),
                perSecond(now.backPressuredMs() - before.backPressuredMs(), elapsedMs),
                perSecond(now.idleMs() - before.idleMs(), elapsedMs),
                perSecond(now.recordsIn() - before.recordsIn(), elapsedMs), elapsedMs);
    }

    private static double perSecond(double growth, double elapsedMs) {
        return growth * 1_000 / elapsedMs;
    }

    Summary summary() {
        Map<Integer, Double> medians = new HashMap<>();
        bySubtask.forEach((subtask, intervals) ->
                medians.put(subtask, median(intervals.stream().map(Interval::busy).toList()).orElse(Double.NaN)));
        int busiest = busiestSubtask();
        List<Interval> its = bySubtask.getOrDefault(busiest, List.of());
        List<Double> busy = its.stream().map(Interval::busy).toList();
        SubtaskCounters last = previous.get(busiest);
        OptionalDouble gauge = last != null && Double.isFinite(last.busyGauge())
                ? OptionalDouble.of(last.busyGauge()) : OptionalDouble.empty();
        return new Summary(busiest, its.size(), median(busy), busiestWindow(its, MAX_WINDOW_MS), nearestRank(busy, 100),
                median(its.stream().map(Interval::backPressured).toList()),
                median(its.stream().map(Interval::idle).toList()),
                recordsInPerSecond(), busyMsPer1kRecords(busiest), medians,
                its.isEmpty() ? OptionalDouble.empty() : gauge);
    }

    /**
     * The highest busy ms/s over consecutive intervals that together last at least {@code windowMs},
     * each window's busy time over its length; over the whole run if it is shorter than that.
     */
    static OptionalDouble busiestWindow(List<Interval> intervals, double windowMs) {
        if (intervals.isEmpty()) {
            return OptionalDouble.empty();
        }
        double most = Double.NEGATIVE_INFINITY;
        for (int end = 0; end < intervals.size(); end++) {
            double busyMs = 0;
            double elapsedMs = 0;
            for (int i = end; i >= 0 && elapsedMs < windowMs; i--) {
                busyMs += intervals.get(i).busy() * intervals.get(i).elapsedMs() / 1_000;
                elapsedMs += intervals.get(i).elapsedMs();
            }
            if (elapsedMs >= windowMs || end == intervals.size() - 1 && most == Double.NEGATIVE_INFINITY) {
                most = Math.max(most, busyMs * 1_000 / elapsedMs);
            }
        }
        return OptionalDouble.of(most);
    }

    /** The busiest subtask's busy ms/s, interval by interval, in order: where its busiest seconds fell. */
    List<Double> busiestSeries() {
        return bySubtask.getOrDefault(busiestSubtask(), List.of()).stream().map(Interval::busy).toList();
    }

    /**
     * The records all subtasks took in per second from their first reading to their last: over the
     * run rather than a median of intervals, since a blocked subtask takes in nothing for seconds.
     */
    private OptionalDouble recordsInPerSecond() {
        double sum = 0;
        boolean any = false;
        for (Integer subtask : bySubtask.keySet()) {
            Interval whole = between(first.get(subtask), previous.get(subtask));
            if (Double.isFinite(whole.recordsInPerSecond())) {
                sum += whole.recordsInPerSecond();
                any = true;
            }
        }
        return any ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }

    /** The cost of a record to {@code subtask}: busy milliseconds per 1,000 records in, over the run. */
    private OptionalDouble busyMsPer1kRecords(int subtask) {
        if (!bySubtask.containsKey(subtask)) {
            return OptionalDouble.empty();
        }
        SubtaskCounters from = first.get(subtask);
        SubtaskCounters to = previous.get(subtask);
        double records = to.recordsIn() - from.recordsIn();
        return records > 0 ? OptionalDouble.of((to.busyMs() - from.busyMs()) * 1_000 / records) : OptionalDouble.empty();
    }

    /**
     * The subtask whose busy total grew most from its first reading to its last; chosen once for
     * the run, so a short spike of a mostly idle subtask does not stand in for the one with the load.
     */
    private int busiestSubtask() {
        int busiest = -1;
        double most = Double.NEGATIVE_INFINITY;
        for (Integer subtask : bySubtask.keySet()) {
            double grew = previous.get(subtask).busyMs() - first.get(subtask).busyMs();
            if (grew > most) {
                most = grew;
                busiest = subtask;
            }
        }
        return busiest;
    }

    private static OptionalDouble median(List<Double> values) {
        return nearestRank(values, 50);
    }

    private static OptionalDouble nearestRank(List<Double> values, double percentile) {
        return CensoredPercentiles.nearestRank(values, 0, percentile);
    }
}
