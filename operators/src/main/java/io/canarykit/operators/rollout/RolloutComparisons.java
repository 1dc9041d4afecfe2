package io.canarykit.operators.rollout;

import io.canarykit.schema.RolloutPlan;

/**
 * The two comparisons of a rollout's analysis, challenger against champion over the current step:
 * notional-weighted slippage and the 5 s markout.
 *
 * <p>Each step starts its comparisons afresh, and there are two of them, so the plan's
 * {@code alpha} is split evenly over every comparison of every step (Bonferroni): the chance that
 * any of them ever fails a challenger within its margins, over the whole plan, stays at most
 * {@code alpha}.
 */
public final class RolloutComparisons {

    /** The checks' names, as decisions and the HTTP answer show them. */
    public static final String SLIPPAGE = "slippage";
    public static final String MARKOUT_5S = "markout_5s";

    private static final int COMPARISONS = 2;

    private RolloutComparisons() {}

    /** The slippage comparison: the challenger may pay at most the margin more than the champion. */
    public static ComparisonCheck slippage(RolloutPlan plan) {
        return new ComparisonCheck(SLIPPAGE, ComparisonCheck.Direction.HIGHER_IS_WORSE,
                plan.analysis().slippageMarginBps(), comparisonAlpha(plan), plan.analysis().minFills());
    }

    /** The 5 s markout comparison: the challenger's fills may fare at most the margin worse. */
    public static ComparisonCheck markout(RolloutPlan plan) {
        return new ComparisonCheck(MARKOUT_5S, ComparisonCheck.Direction.LOWER_IS_WORSE,
                plan.analysis().markoutMarginBps(), comparisonAlpha(plan), plan.analysis().minFills());
    }

    /** Each comparison's share of the plan's alpha. */
    public static double comparisonAlpha(RolloutPlan plan) {
        return plan.analysis().alpha() / (COMPARISONS * plan.steps().size());
    }
}
