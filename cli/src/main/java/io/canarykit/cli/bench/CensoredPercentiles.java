package io.canarykit.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.HdrHistogram.Histogram;

/**
 * Percentiles of latencies in microseconds when some samples never ended: those count as slower than
 * every recorded one, so a percentile that falls among them has no value rather than a flattering one.
 */
final class CensoredPercentiles {

    private CensoredPercentiles() {}

    /**
     * The {@code percentile} (0 to 100) in milliseconds over the samples of {@code micros} and
     * {@code unfinished} more beyond them; empty when it falls among the unfinished ones or there
     * are no samples at all.
     */
    static OptionalDouble ms(Histogram micros, double percentile, long unfinished) {
        long recorded = micros.getTotalCount();
        long all = recorded + unfinished;
        if (recorded == 0 || all == 0) {
            return OptionalDouble.empty();
        }
        // The nearest rank among all samples, and where that rank sits among the recorded ones.
        long rank = Math.max(1, (long) Math.ceil(percentile * all / 100.0));
        if (rank > recorded) {
            return OptionalDouble.empty();
        }
        double withinRecorded = 100.0 * rank / recorded;
        return OptionalDouble.of(micros.getValueAtPercentile(withinRecorded) / 1000.0);
    }

    /** The largest latency in milliseconds, or empty when a sample never ended. */
    static OptionalDouble maxMs(Histogram micros, long unfinished) {
        if (micros.getTotalCount() == 0 || unfinished > 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(micros.getMaxValue() / 1000.0);
    }

    /**
     * The nearest-rank {@code percentile} (0 to 100) of {@code finished} values and {@code unfinished}
     * more beyond them: the ceil(p/100 * n)-th smallest of all n; empty when that is an unfinished one.
     */
    static OptionalDouble nearestRank(List<Double> finished, long unfinished, double percentile) {
        long all = finished.size() + unfinished;
        if (finished.isEmpty()) {
            return OptionalDouble.empty();
        }
        long rank = Math.max(1, (long) Math.ceil(percentile * all / 100.0));
        if (rank > finished.size()) {
            return OptionalDouble.empty();
        }
        List<Double> sorted = new ArrayList<>(finished);
        sorted.sort(null);
        return OptionalDouble.of(sorted.get((int) rank - 1));
    }
}
