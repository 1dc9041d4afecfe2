package io.canarykit.cli.demo.desk;

import io.canarykit.operators.signals.PsiMonitor;
import io.canarykit.schema.FeatureBins;

/**
 * A drift of one champion feature: a share of its values, counted over the job's PSI window, is
 * drawn {@code bins} bins above its reference profile.
 *
 * @param feature the drifting feature
 * @param bins how many bins up a drifted value is drawn
 * @param share the share of the window's values that are drifted, in [0, 1]
 * @param windowMs the window the share is counted over: the job's {@code PSI_WINDOW_MS}
 */
public record FeatureDrift(String feature, int bins, double share, long windowMs) {

    public FeatureDrift {
        if (feature == null || feature.isBlank()) {
            throw new IllegalArgumentException("feature is required but not provided.");
        }
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, got " + bins);
        }
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be within [0, 1], got " + share);
        }
        if (windowMs <= 0) {
            throw new IllegalArgumentException("windowMs must be positive, got " + windowMs);
        }
    }

    /**
     * The PSI the job computes, in expectation, for a feature whose values follow {@code reference}
     * except for a {@code share} drawn {@code bins} bins higher: the contract's formula on the
     * mixture's bin shares, each floored like the job floors them.
     */
    public static double expectedPsi(FeatureBins reference, int bins, double share) {
        double[] expected = reference.expected();
        int k = expected.length;
        double[] actual = new double[k];
        for (int i = 0; i < k; i++) {
            actual[i] += (1 - share) * expected[i];
            actual[Math.min(k - 1, i + bins)] += share * expected[i];
        }
        double psi = 0;
        for (int i = 0; i < k; i++) {
            double a = Math.max(actual[i], PsiMonitor.SHARE_FLOOR);
            double e = Math.max(expected[i], PsiMonitor.SHARE_FLOOR);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }

    /** The smallest drifted share whose expected PSI reaches {@code psi} (1 when none does). */
    public static double shareFor(FeatureBins reference, int bins, double psi) {
        if (!(psi > 0)) {
            throw new IllegalArgumentException("psi must be positive, got " + psi);
        }
        if (expectedPsi(reference, bins, 1) < psi) {
            return 1;
        }
        double low = 0;
        double high = 1;
        // The expected PSI rises with the share, so halving the interval finds it.
        for (int i = 0; i < 50; i++) {
            double mid = (low + high) / 2;
            if (expectedPsi(reference, bins, mid) < psi) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return high;
    }
}
