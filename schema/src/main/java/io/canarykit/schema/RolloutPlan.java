package io.canarykit.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An automatic canary ramp: the challenger's share step by step, each held for a time and judged
 * before the next, and how it is judged. It travels on {@code kit.control} in a {@code rollout_start}
 * command; {@link io.canarykit.schema.codec.RolloutPlanDecoder} reads and checks one.
 *
 * @param steps the shares in order, rising
 * @param analysis how each step is judged
 */
public record RolloutPlan(
        @JsonProperty("steps") List<Step> steps,
        @JsonProperty("analysis") Analysis analysis) {

    public RolloutPlan {
        if (steps == null || steps.isEmpty()) {
            throw new IllegalArgumentException("steps must name at least one step");
        }
        if (analysis == null) {
            throw new IllegalArgumentException("analysis must not be null");
        }
        steps = List.copyOf(steps);
    }

    /**
     * The runbook's ramp: 5% for the first 8 hours, 10% until 24 hours in, then 20%, held a day
     * before the plan completes.
     */
    public static RolloutPlan runbook(Analysis analysis) {
        return new RolloutPlan(List.of(
                new Step(0.05, 8 * HOUR_MS, false),
                new Step(0.10, 16 * HOUR_MS, false),
                new Step(0.20, 24 * HOUR_MS, false)), analysis);
    }

    private static final long HOUR_MS = 3_600_000L;

    /** The step at {@code index}. */
    public Step step(int index) {
        return steps.get(index);
    }

    /** Whether {@code index} is the plan's last step. */
    public boolean isLast(int index) {
        return index == steps.size() - 1;
    }

    /**
     * One step of the ramp.
     *
     * @param share the challenger's share of new orders during the step
     * @param holdMs how long the step lasts at least, on the job's clock
     * @param shadow a step of paper orders only, at share 0, so the challenger is judged before it trades
     */
    public record Step(
            @JsonProperty("share") double share,
            @JsonProperty("hold_ms") long holdMs,
            @JsonProperty("shadow") boolean shadow) {}

    /**
     * How each step is judged.
     *
     * @param intervalMs how often the analysis runs, on the job's clock
     * @param failureLimit consecutive failed analyses that abort the rollout
     * @param slippageMarginBps how much more slippage than the champion the challenger may have
     * @param markoutMarginBps how much less 5 s markout than the champion the challenger may have
     * @param alpha the chance, over the whole plan, that the comparisons abort a challenger that is
     *     within its margins
     * @param minFills fills each arm needs in a step before the comparisons answer
     * @param imbalanceTolerance how far the challenger's share of trades may be from the step's share
     */
    public record Analysis(
            @JsonProperty("interval_ms") long intervalMs,
            @JsonProperty("failure_limit") int failureLimit,
            @JsonProperty("slippage_margin_bps") double slippageMarginBps,
            @JsonProperty("markout_margin_bps") double markoutMarginBps,
            @JsonProperty("alpha") double alpha,
            @JsonProperty("min_fills") int minFills,
            @JsonProperty("imbalance_tolerance") double imbalanceTolerance) {

        /** An analysis every minute, aborting on two failures in a row, 2 bps margins, alpha 0.05, 30 fills. */
        public static final Analysis DEFAULT = new Analysis(60_000, 2, 2.0, 2.0, 0.05, 30, 0.05);

        /** This analysis with another slippage margin. */
        public Analysis withSlippageMarginBps(double bps) {
            return new Analysis(intervalMs, failureLimit, bps, markoutMarginBps, alpha, minFills, imbalanceTolerance);
        }
    }
}
