package io.canarykit.operators.rollout;

import io.canarykit.schema.RolloutCheck;
import io.canarykit.schema.CheckVerdict;
import io.canarykit.schema.RolloutPlan;
import io.canarykit.schema.RolloutState;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * One automatic canary rollout as it moves through its plan, judged at each analysis: a step
 * advances when its hold has passed and every check passes; {@code failure_limit} analyses in a row
 * with a failing check abort it; checks still inconclusive at twice the step's hold pause it for a
 * human rather than abort it. Immutable: every transition returns the rollout after it.
 *
 * @param plan the plan, or null while idle
 * @param state where it stands
 * @param step the index of the current step
 * @param stepSince when the current step began, on the job's clock
 * @param patienceSince since when the step's checks have been given time: the step's start, or the
 *     last resume
 * @param consecutiveFailures analyses in a row with a failing check
 * @param lastChecks the last analysis's answers
 * @param reason why it last changed state, in words
 * @param history every change of step or state, oldest first, the last {@link #MAX_HISTORY}
 */
public record Rollout(
        RolloutPlan plan,
        RolloutState state,
        int step,
        long stepSince,
        long patienceSince,
        int consecutiveFailures,
        List<RolloutCheck> lastChecks,
        String reason,
        List<Transition> history) {

    /** How many transitions a rollout remembers. */
    public static final int MAX_HISTORY = 200;

    /** No rollout. */
    public static final Rollout IDLE = new Rollout(null, RolloutState.IDLE, 0, 0, 0, 0, List.of(), null, List.of());

    /**
     * One change of a rollout's step or state.
     *
     * @param ts when, on the job's clock
     * @param state the state after it
     * @param step the step after it
     * @param share the effective share after it
     * @param reason why
     */
    public record Transition(long ts, RolloutState state, int step, double share, String reason) {}

    public Rollout {
        if (state == null) {
            throw new IllegalArgumentException("state must not be null");
        }
        if (plan == null && state != RolloutState.IDLE) {
            throw new IllegalArgumentException("a " + state.wire() + " rollout needs its plan");
        }
        lastChecks = List.copyOf(lastChecks);
        history = List.copyOf(history);
    }

    /** A rollout of {@code plan} starting at {@code t}, at its first step. */
    public static Rollout start(RolloutPlan plan, long t, String actor) {
        return IDLE.to(plan, RolloutState.RUNNING, 0, t, t, 0, List.of(), "started by " + actor, t);
    }

    /**
     * The share the rollout commands now: the step's while running or paused, the last step's once
     * completed, 0 once aborted; empty while idle, when the operator's manual share applies.
     */
    public OptionalDouble share() {
        return switch (state) {
            case IDLE -> OptionalDouble.empty();
            case ABORTED -> OptionalDouble.of(0);
            case RUNNING, PAUSED, COMPLETED -> OptionalDouble.of(plan.step(step).share());
        };
    }

    /** Whether the rollout sets the share now (anything but idle), so a manual share is refused. */
    public boolean active() {
        return state == RolloutState.RUNNING || state == RolloutState.PAUSED;
    }

    /** Whether the current step is a shadow step, of paper orders only. */
    public boolean shadow() {
        return active() && plan.step(step).shadow();
    }

    /** When the current step's hold ends, or empty when the rollout is not running. */
    public OptionalDouble nextStepDueAt() {
        return state == RolloutState.RUNNING ? OptionalDouble.of(stepSince + plan.step(step).holdMs())
                : OptionalDouble.empty();
    }

    /** Paused by an operator; only a running rollout pauses. */
    public Rollout pause(long t, String actor) {
        return state != RolloutState.RUNNING ? this
                : to(plan, RolloutState.PAUSED, step, stepSince, patienceSince, consecutiveFailures, lastChecks,
                        "paused by " + actor, t);
    }

    /** Resumed by an operator; the step's checks get another twice its hold from now. */
    public Rollout resume(long t, String actor) {
        return state != RolloutState.PAUSED ? this
                : to(plan, RolloutState.RUNNING, step, stepSince, t, 0, lastChecks, "resumed by " + actor, t);
    }

    /** Aborted by an operator, or by a rollback: the share goes to 0. */
    public Rollout abort(long t, String why) {
        return !active() ? this
                : to(plan, RolloutState.ABORTED, step, stepSince, patienceSince, consecutiveFailures, lastChecks, why, t);
    }

    /**
     * Rolled back by an operator: aborted as {@link #abort} does, and also once completed, since a
     * completed rollout still holds its last share until a human acts.
     */
    public Rollout rollBack(long t, String why) {
        return state != RolloutState.COMPLETED ? abort(t, why)
                : to(plan, RolloutState.ABORTED, step, stepSince, patienceSince, consecutiveFailures, lastChecks, why, t);
    }

    /** The rollout after an analysis at {@code t} that answered {@code checks}. */
    public Rollout analyse(long t, List<RolloutCheck> checks) {
        if (state != RolloutState.RUNNING) {
            return this;
        }
        List<RolloutCheck> failing = checks.stream().filter(c -> c.verdict() == CheckVerdict.FAIL).toList();
        if (!failing.isEmpty()) {
            int failures = consecutiveFailures + 1;
            if (failures >= plan.analysis().failureLimit()) {
                return to(plan, RolloutState.ABORTED, step, stepSince, patienceSince, failures, checks,
                        "aborted after " + failures + " failed analyses in a row: " + describe(failing), t);
            }
            return new Rollout(plan, state, step, stepSince, patienceSince, failures, checks, reason, history);
        }
        long hold = plan.step(step).holdMs();
        boolean allPass = checks.stream().allMatch(c -> c.verdict() == CheckVerdict.PASS);
        if (allPass && t - stepSince >= hold) {
            if (plan.isLast(step)) {
                return to(plan, RolloutState.COMPLETED, step, stepSince, patienceSince, 0, checks,
                        "completed: every check passed through the last step's hold", t);
            }
            return to(plan, RolloutState.RUNNING, step + 1, t, t, 0, checks,
                    "step " + (step + 1) + " passed every check after its hold", t);
        }
        if (!allPass && t - patienceSince >= 2 * hold) {
            List<RolloutCheck> open = checks.stream().filter(c -> c.verdict() != CheckVerdict.PASS).toList();
            return to(plan, RolloutState.PAUSED, step, stepSince, patienceSince, 0, checks,
                    "paused for a human: still inconclusive at twice the step's hold: " + describe(open), t);
        }
        return new Rollout(plan, state, step, stepSince, patienceSince, 0, checks, reason, history);
    }

    private Rollout to(RolloutPlan p, RolloutState s, int st, long since, long patience, int failures,
            List<RolloutCheck> checks, String why, long t) {
        Rollout next = new Rollout(p, s, st, since, patience, failures, checks, why, List.of());
        List<Transition> h = new ArrayList<>(history);
        h.add(new Transition(t, s, st, next.share().orElse(0), why));
        if (h.size() > MAX_HISTORY) {
            h = h.subList(h.size() - MAX_HISTORY, h.size());
        }
        return new Rollout(p, s, st, since, patience, failures, checks, why, h);
    }

    private static String describe(List<RolloutCheck> checks) {
        return checks.stream().map(c -> c.name() + " (" + c.detail() + ")").collect(Collectors.joining("; "));
    }
}
