package io.canarykit.operators.rollout;

import io.canarykit.schema.RolloutCheck;
import io.canarykit.schema.CheckVerdict;
import java.util.Locale;

/**
 * Checks of the challenger's own figures against fixed bounds: its SLOs, its drift and how close
 * its share of trades is to the step's. Too few samples, or no figure, is inconclusive, never a pass.
 */
public final class ThresholdCheck {

    private ThresholdCheck() {}

    /** Fails when {@code value >= bound}, as the SLO gates fire at their thresholds. */
    public static RolloutCheck failsAtOrAbove(String name, Double value, double bound, long samples, long minSamples) {
        return judge(name, value, bound, samples, minSamples, value != null && value >= bound, ">=");
    }

    /** Fails when {@code value > bound}, as the drift gate fires above its threshold. */
    public static RolloutCheck failsAbove(String name, Double value, double bound, long samples, long minSamples) {
        return judge(name, value, bound, samples, minSamples, value != null && value > bound, ">");
    }

    /** Fails when {@code value} is more than {@code tolerance} away from {@code target}. */
    public static RolloutCheck within(String name, Double value, double target, double tolerance, long samples,
            long minSamples) {
        if (value == null || samples < minSamples) {
            return tooFew(name, value, tolerance, samples, minSamples);
        }
        double distance = Math.abs(value - target);
        boolean fails = distance > tolerance;
        return new RolloutCheck(name, fails ? CheckVerdict.FAIL : CheckVerdict.PASS, value, target, null, null,
                tolerance, samples, 0, String.format(Locale.ROOT, "%.4f is %.4f from %.4f, tolerance %.4f", value,
                        distance, target, tolerance));
    }

    private static RolloutCheck judge(String name, Double value, double bound, long samples, long minSamples,
            boolean fails, String breach) {
        if (value == null || samples < minSamples) {
            return tooFew(name, value, bound, samples, minSamples);
        }
        return new RolloutCheck(name, fails ? CheckVerdict.FAIL : CheckVerdict.PASS, value, null, null, null, bound,
                samples, 0, String.format(Locale.ROOT, "%.4f %s %.4f: %s", value, fails ? breach : "not " + breach,
                        bound, fails ? "past the bound" : "within the bound"));
    }

    private static RolloutCheck tooFew(String name, Double value, double bound, long samples, long minSamples) {
        String why = value == null ? "no figure yet" : String.format(Locale.ROOT,
                "too few samples: %d, %d needed", samples, minSamples);
        return new RolloutCheck(name, CheckVerdict.INCONCLUSIVE, value, null, null, null, bound, samples, 0, why);
    }
}
