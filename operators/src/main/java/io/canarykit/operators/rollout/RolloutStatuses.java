package io.canarykit.operators.rollout;

import io.canarykit.schema.RolloutState;
import io.canarykit.schema.RolloutStatus;
import java.util.List;

/** A rollout as decisions carry it under {@code rollout}. */
public final class RolloutStatuses {

    private RolloutStatuses() {}

    /** The status of {@code r}, last analysed at {@code analysedAt} (null before its first analysis). */
    public static RolloutStatus of(Rollout r, Long analysedAt) {
        if (r.state() == RolloutState.IDLE) {
            return idle(0, r.reason());
        }
        Long due = r.nextStepDueAt().isPresent() ? (long) r.nextStepDueAt().getAsDouble() : null;
        return new RolloutStatus(r.state(), r.step(), r.plan().steps().size(), r.share().orElse(0),
                r.plan().step(r.step()).shadow(), r.stepSince(), due, r.reason(), r.lastChecks(), analysedAt);
    }

    /** No rollout since {@code since}: decisions carry none, and the operator's manual share applies. */
    public static RolloutStatus idle(long since, String reason) {
        return new RolloutStatus(RolloutState.IDLE, 0, 0, 0, false, since, null, reason, List.of(), null);
    }

    /**
     * Whether going from {@code before} to {@code after} changes what engines must do: the state, the
     * step or the share. A new analysis with the same outcome does not.
     */
    public static boolean changesRouting(RolloutStatus before, RolloutStatus after) {
        if (before == null) {
            return after.state() != RolloutState.IDLE;
        }
        return before.state() != after.state() || before.step() != after.step() || before.share() != after.share()
                || before.since() != after.since();
    }
}
