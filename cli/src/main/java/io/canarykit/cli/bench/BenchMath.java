package io.canarykit.cli.bench;

import java.util.ArrayList;
import java.util.List;

/** The harness's own arithmetic: rates, per-core rates, ratios and medians of rounds. */
public final class BenchMath {

    private BenchMath() {}

    /** {@code count} per second over {@code nanos}; NaN for no time at all. */
    public static double perSecond(long count, long nanos) {
        return nanos <= 0 ? Double.NaN : count * 1e9 / nanos;
    }

    /** A rate shared out over {@code cores}. */
    public static double perCore(double rate, int cores) {
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be at least 1, got " + cores);
        }
        return rate / cores;
    }

    /** {@code numerator / denominator}; NaN when the denominator is not a positive number. */
    public static double ratio(double numerator, double denominator) {
        return denominator > 0 ? numerator / denominator : Double.NaN;
    }

    /** The median of {@code values}: the middle one, or the mean of the two middle ones. */
    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
