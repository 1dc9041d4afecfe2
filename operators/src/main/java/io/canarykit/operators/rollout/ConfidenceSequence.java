package io.canarykit.operators.rollout;

/**
 * The normal-mixture confidence sequence: an interval around a running estimate that covers the
 * true value at every moment at once, with probability at least {@code 1 - alpha}, however often
 * it is looked at. A fixed-sample interval checked every minute for days would exclude the truth
 * sooner or later by chance; this one is wider by a slowly growing log term, and never does so with
 * probability above {@code alpha}.
 *
 * <p>For an estimate that is normal around the truth with variance {@code v}, mixing the likelihood
 * ratio over a normal prior of variance {@code tau2} on the difference gives the mSPRT statistic
 * {@code sqrt(v / (v + tau2)) * exp(tau2 * d^2 / (2 v (v + tau2)))}, d the estimate's distance from a
 * value. Ville's inequality bounds the chance it ever reaches {@code 1 / alpha} by {@code alpha}, and
 * solving for d gives the radius below. {@code tau2} sets where the sequence is tightest: near the
 * sample size at which a difference of about {@code sqrt(tau2)} becomes visible.
 */
public final class ConfidenceSequence {

    // An estimate with no spread at all (every value equal) has a radius of zero in the limit; the
    // floor keeps the logarithm finite on the way there.
    private static final double MIN_VARIANCE = 1e-300;

    private ConfidenceSequence() {}

    /**
     * The half-width of the interval around an estimate of variance {@code variance}.
     *
     * @param variance the estimate's variance (of the mean, not of single values), at least 0
     * @param alpha the chance, over all time, that the interval ever misses the truth, in (0, 1)
     * @param tau2 the mixing prior's variance, in the estimate's squared units, above 0
     */
    public static double radius(double variance, double alpha, double tau2) {
        if (!(variance >= 0) || !Double.isFinite(variance)) {
            throw new IllegalArgumentException("variance must be finite and not negative, got " + variance);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        if (!(tau2 > 0) || !Double.isFinite(tau2)) {
            throw new IllegalArgumentException("tau2 must be positive and finite, got " + tau2);
        }
        double v = Math.max(variance, MIN_VARIANCE);
        double squared = 2 * v * (v + tau2) / tau2 * (Math.log(1 / alpha) + 0.5 * Math.log((v + tau2) / v));
        return Math.sqrt(squared);
    }
}
