package io.canarykit.operators.rollout;

/**
 * The weighted mean and variance of a stream of values, in constant space: what a sequential test
 * needs of one arm (the champion's or the challenger's fills), updated one value at a time.
 *
 * <p>West's incremental update keeps the mean and the sum of weighted squared deviations, so a long
 * run of similar values loses no precision to the cancellation a sum of squares would suffer.
 */
public final class WeightedMoments {

    private long count;
    private double sumWeights;
    private double sumSquaredWeights;
    private double mean;
    private double squaredDeviations;

    /** No values yet. */
    public WeightedMoments() {}

    /** Moments carried on from {@code snapshot}. */
    public static WeightedMoments restore(Snapshot snapshot) {
        WeightedMoments m = new WeightedMoments();
        m.count = snapshot.count();
        m.sumWeights = snapshot.sumWeights();
        m.sumSquaredWeights = snapshot.sumSquaredWeights();
        m.mean = snapshot.mean();
        m.squaredDeviations = snapshot.squaredDeviations();
        return m;
    }

    /** Adds {@code value} with weight {@code weight} (a fill's notional, say). */
    public void add(double value, double weight) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite, got " + value);
        }
        if (!(weight > 0) || !Double.isFinite(weight)) {
            throw new IllegalArgumentException("weight must be positive and finite, got " + weight);
        }
        double before = sumWeights;
        double after = before + weight;
        double delta = value - mean;
        double step = delta * weight / after;
        mean += step;
        squaredDeviations += before * delta * step;
        sumWeights = after;
        sumSquaredWeights += weight * weight;
        count++;
    }

    /** How many values were added. */
    public long count() {
        return count;
    }

    /** The weighted mean, or NaN before the first value. */
    public double mean() {
        return count == 0 ? Double.NaN : mean;
    }

    /**
     * The unbiased weighted variance of the values (weights taken as reliability weights, so equal
     * weights give the usual sample variance), or NaN with fewer than two values.
     */
    public double variance() {
        if (count < 2) {
            return Double.NaN;
        }
        double denominator = sumWeights - sumSquaredWeights / sumWeights;
        return denominator > 0 ? Math.max(0, squaredDeviations / denominator) : Double.NaN;
    }

    /**
     * The variance of the weighted mean as an estimate: the variance times the sum of squared weights
     * over the squared sum of weights (with equal weights, the variance over the count).
     */
    public double varianceOfMean() {
        double v = variance();
        return Double.isNaN(v) ? Double.NaN : v * sumSquaredWeights / (sumWeights * sumWeights);
    }

    /** The moments as plain numbers, to keep in state. */
    public Snapshot snapshot() {
        return new Snapshot(count, sumWeights, sumSquaredWeights, mean, squaredDeviations);
    }

    /** The moments as plain numbers. */
    public record Snapshot(long count, double sumWeights, double sumSquaredWeights, double mean,
            double squaredDeviations) {

        /** No values. */
        public static final Snapshot EMPTY = new Snapshot(0, 0, 0, 0, 0);
    }
}
