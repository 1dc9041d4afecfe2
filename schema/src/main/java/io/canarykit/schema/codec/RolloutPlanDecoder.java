package io.canarykit.schema.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarykit.schema.RolloutPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a rollout plan from JSON and checks it, naming the first field that is wrong: steps with
 * rising shares, each at most the canary cap, holds above zero, and analysis settings in range.
 * Settings the plan leaves out come from the defaults given (the job's configuration).
 */
public final class RolloutPlanDecoder {

    /** The most steps a plan may have; a ramp is a handful of steps, not a schedule. */
    public static final int MAX_STEPS = 20;
    /** The shortest analysis interval: below a second the analysis would run per event. */
    public static final long MIN_INTERVAL_MS = 1_000;

    private RolloutPlanDecoder() {}

    /**
     * The plan in {@code json}, or a rejection naming the field.
     *
     * @param json the plan object, as in the contract's "Rollout" section
     * @param defaults the analysis settings the plan does not give
     * @param canaryCap {@code CANARY_NOTIONAL_CAP}, the highest share a step may have
     */
    public static Decoded<RolloutPlan> decode(JsonNode json, RolloutPlan.Analysis defaults, double canaryCap) {
        try {
            JsonFields plan = JsonFields.ofRecord(json);
            List<RolloutPlan.Step> steps = steps(plan, canaryCap);
            JsonFields analysis = plan.optionalObject("analysis");
            return Decoded.accepted(new RolloutPlan(steps, analysis == null ? defaults : analysis(analysis, defaults)));
        } catch (Rejection r) {
            return r.toDecoded();
        }
    }

    private static List<RolloutPlan.Step> steps(JsonFields plan, double cap) {
        JsonNode array = plan.required("steps");
        if (!array.isArray()) {
            throw JsonFields.wrongType("steps", "an array of steps", array);
        }
        if (array.isEmpty()) {
            throw invalid("steps", "must name at least one step");
        }
        if (array.size() > MAX_STEPS) {
            throw invalid("steps", "may name at most " + MAX_STEPS + " steps, got " + array.size());
        }
        List<RolloutPlan.Step> steps = new ArrayList<>();
        double previous = -1;
        for (int i = 0; i < array.size(); i++) {
            String at = "steps[" + i + "]";
            JsonFields step = JsonFields.ofElement(array.get(i), at + ".");
            double share = step.nonNegativeNumber("share");
            long hold = wholeNumber(step, "hold_ms");
            JsonNode shadowNode = step.optional("shadow");
            boolean shadow = shadowNode != null && step.bool("shadow");
            if (hold <= 0) {
                throw invalid(at + ".hold_ms", "must be above 0, got " + hold);
            }
            if (share > cap) {
                throw invalid(at + ".share", String.format(Locale.ROOT,
                        "must be at most CANARY_NOTIONAL_CAP %s, got %s", cap, share));
            }
            if (shadow && share != 0) {
                throw invalid(at + ".share", "must be 0 on a shadow step, whose orders are paper, got " + share);
            }
            if (!shadow && share == 0) {
                throw invalid(at + ".share", "must be above 0 unless the step is a shadow step");
            }
            if (shadow && i > 0) {
                throw invalid(at + ".shadow", "only the first step may be a shadow step");
            }
            if (share <= previous) {
                throw invalid(at + ".share", String.format(Locale.ROOT,
                        "must rise from the step before (%s), got %s", previous, share));
            }
            previous = share;
            steps.add(new RolloutPlan.Step(share, hold, shadow));
        }
        return steps;
    }

    private static RolloutPlan.Analysis analysis(JsonFields a, RolloutPlan.Analysis d) {
        long interval = a.optional("interval_ms") == null ? d.intervalMs() : wholeNumber(a, "interval_ms");
        if (interval < MIN_INTERVAL_MS) {
            throw invalid(a.pathOf("interval_ms"), "must be at least " + MIN_INTERVAL_MS + ", got " + interval);
        }
        long limit = a.optional("failure_limit") == null ? d.failureLimit() : wholeNumber(a, "failure_limit");
        if (limit < 1 || limit > 100) {
            throw invalid(a.pathOf("failure_limit"), "must be in [1, 100], got " + limit);
        }
        double slippage = number(a, "slippage_margin_bps", d.slippageMarginBps());
        double markout = number(a, "markout_margin_bps", d.markoutMarginBps());
        double alpha = number(a, "alpha", d.alpha());
        if (!(alpha > 0 && alpha <= 0.5)) {
            throw invalid(a.pathOf("alpha"), "must be in (0, 0.5], got " + alpha);
        }
        long minFills = a.optional("min_fills") == null ? d.minFills() : wholeNumber(a, "min_fills");
        if (minFills < 2 || minFills > 100_000) {
            throw invalid(a.pathOf("min_fills"), "must be in [2, 100000], got " + minFills);
        }
        double tolerance = number(a, "imbalance_tolerance", d.imbalanceTolerance());
        if (!(tolerance > 0 && tolerance < 1)) {
            throw invalid(a.pathOf("imbalance_tolerance"), "must be in (0, 1), got " + tolerance);
        }
        return new RolloutPlan.Analysis(interval, (int) limit, slippage, markout, alpha, (int) minFills, tolerance);
    }

    private static double number(JsonFields fields, String field, double fallback) {
        return fields.optional(field) == null ? fallback : fields.nonNegativeNumber(field);
    }

    private static long wholeNumber(JsonFields fields, String field) {
        JsonNode value = fields.required(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw JsonFields.wrongType(fields.pathOf(field), "a whole number", value);
        }
        return value.longValue();
    }

    private static Rejection invalid(String field, String why) {
        return new Rejection(RejectReason.INVALID_VALUE, "field " + JsonFields.quote(field) + " " + why);
    }
}
