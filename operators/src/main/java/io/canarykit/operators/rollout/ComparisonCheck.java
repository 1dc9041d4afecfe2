package io.canarykit.operators.rollout;

import io.canarykit.schema.RolloutCheck;
import io.canarykit.schema.CheckVerdict;
import java.util.Locale;

/**
 * Judges the challenger against the champion on a per-fill figure, by a confidence sequence on how
 * much worse the challenger is: fail when the whole interval lies above the margin (worse by more
 * than the margin, with confidence), pass when it lies at or below it, inconclusive while it
 * straddles it or either arm has too few fills. Valid however often it is asked.
 *
 * @param name the check's name
 * @param direction which way is worse for this figure
 * @param marginBps how much worse than the champion the challenger may be
 * @param alpha the chance this check ever fails a challenger that is within the margin
 * @param minSamples fills each arm needs before the check answers anything but inconclusive
 */
public record ComparisonCheck(String name, Direction direction, double marginBps, double alpha, long minSamples) {

    /** Which way a figure gets worse. */
    public enum Direction {
        /** A cost, such as slippage: more is worse. */
        HIGHER_IS_WORSE,
        /** A gain, such as a markout: less is worse. */
        LOWER_IS_WORSE
    }

    // The smallest prior scale, so that a margin of zero still gives a proper mixture.
    private static final double MIN_PRIOR_SD_BPS = 0.5;

    public ComparisonCheck {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (direction == null) {
            throw new IllegalArgumentException("direction must not be null");
        }
        if (!(marginBps >= 0) || !Double.isFinite(marginBps)) {
            throw new IllegalArgumentException("marginBps must be finite and not negative, got " + marginBps);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        if (minSamples < 2) {
            throw new IllegalArgumentException("minSamples must be at least 2, got " + minSamples);
        }
    }

    /** The verdict on the two arms' fills so far. */
    public RolloutCheck judge(WeightedMoments challenger, WeightedMoments champion) {
        long n = challenger.count();
        long m = champion.count();
        Double challengerMean = n == 0 ? null : challenger.mean();
        Double championMean = m == 0 ? null : champion.mean();
        if (n < minSamples || m < minSamples) {
            return new RolloutCheck(name, CheckVerdict.INCONCLUSIVE, challengerMean, championMean, null, null,
                    marginBps, n, m, String.format(Locale.ROOT,
                            "too few fills: %d challenger and %d champion, %d each needed", n, m, minSamples));
        }
        double worse = direction == Direction.HIGHER_IS_WORSE
                ? challengerMean - championMean
                : championMean - challengerMean;
        double variance = challenger.varianceOfMean() + champion.varianceOfMean();
        double radius = ConfidenceSequence.radius(variance, alpha, priorVariance());
        double lower = worse - radius;
        double upper = worse + radius;
        CheckVerdict verdict = lower > marginBps ? CheckVerdict.FAIL
                : upper <= marginBps ? CheckVerdict.PASS
                : CheckVerdict.INCONCLUSIVE;
        String detail = String.format(Locale.ROOT,
                "challenger worse by %.3f bps, interval [%.3f, %.3f], margin %.3f: %s", worse, lower, upper, marginBps,
                switch (verdict) {
                    case FAIL -> "worse than the margin";
                    case PASS -> "within the margin";
                    case INCONCLUSIVE -> "the interval straddles the margin";
                });
        return new RolloutCheck(name, verdict, challengerMean, championMean, lower, upper, marginBps, n, m, detail);
    }

    // The prior is scaled to the margin: the size of difference that matters is where the sequence
    // should be tightest.
    private double priorVariance() {
        double sd = Math.max(marginBps, MIN_PRIOR_SD_BPS);
        return sd * sd;
    }
}
