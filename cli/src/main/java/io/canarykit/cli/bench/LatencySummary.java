package io.canarykit.cli.bench;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of a latency histogram recorded in microseconds, in milliseconds.
 *
 * @param count how many latencies were recorded
 */
public record LatencySummary(long count, double p50Ms, double p99Ms, double p999Ms, double maxMs) {

    /** A histogram for latencies from 1 µs to an hour, with 3 significant digits. */
    public static Histogram microsHistogram() {
        return new Histogram(3_600_000_000L, 3);
    }

    /** The summary of {@code micros}; every figure NaN when it holds nothing. */
    public static LatencySummary of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new LatencySummary(micros.getTotalCount(),
                ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(99)),
                ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()));
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
