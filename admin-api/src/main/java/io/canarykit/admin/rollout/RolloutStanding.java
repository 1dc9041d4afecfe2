package io.canarykit.admin.rollout;

import io.canarykit.admin.control.CommandedRollout;
import io.canarykit.schema.ControlType;
import io.canarykit.schema.RolloutState;
import io.canarykit.schema.RolloutStatus;

/**
 * Where the automatic rollout stands as far as the sidecar knows, from the rollout commands it sent
 * and the decisions: a command is taken at its word until a decision at or after it has shown its
 * effect (from then on the newest decision says where the rollout is), or until a decision
 * {@link #SETTLE_MS} after it shows otherwise (the job refused it). So a rollout just started is
 * running at once, and one the job ended (completed, aborted on failing checks) is over as soon as
 * its decisions say so.
 *
 * @param state the state
 * @param confirmed whether the newest decision shows this state (false while a command awaits the job)
 * @param reported the rollout of the newest decision when it is about the commanded rollout (or there
 *     is no command), else null
 * @param reportedAt the newest decision's ts, or null when there is none
 */
public record RolloutStanding(RolloutState state, boolean confirmed, RolloutStatus reported, Long reportedAt) {

    /**
     * How long after a command a decision that still shows otherwise is believed: longer than the job
     * takes to apply a command and send its decisions, so a heartbeat computed just before is not.
     */
    public static final long SETTLE_MS = 2_000;

    /** Whether the rollout sets the share now: running or paused. */
    public boolean active() {
        return state == RolloutState.RUNNING || state == RolloutState.PAUSED;
    }

    /** Whether a decision with ts at or after {@code since} showed the rollout in {@code state}. */
    @FunctionalInterface
    public interface Shown {
        boolean since(RolloutState state, long since);
    }

    /**
     * The standing from what was commanded and what the decisions show.
     *
     * @param commanded the rollout commands the sidecar sent
     * @param newest the newest decision's rollout, null when it carries none (no rollout: idle)
     * @param newestAt the newest decision's ts, null when there is no decision at all
     * @param shown the transitions the decisions showed
     */
    public static RolloutStanding of(CommandedRollout commanded, RolloutStatus newest, Long newestAt, Shown shown) {
        RolloutState seen = newestAt == null ? null : newest == null ? RolloutState.IDLE : newest.state();
        // A decision from before the last start shows an earlier rollout, not this one.
        boolean aboutThisOne = newestAt != null && (!commanded.started() || newestAt >= commanded.startedAt());
        RolloutStatus reported = aboutThisOne ? newest : null;
        if (commanded.last() == null) {
            return new RolloutStanding(seen == null ? RolloutState.IDLE : seen, seen != null, reported, newestAt);
        }
        RolloutState expected = expected(commanded.last(), aboutThisOne ? seen : null);
        long sent = commanded.lastAt();
        if (seen != null && newestAt >= sent
                && (seen == expected || newestAt >= sent + SETTLE_MS || shown.since(expected, sent))) {
            return new RolloutStanding(seen, true, reported, newestAt);
        }
        return new RolloutStanding(expected, false, reported, newestAt);
    }

    // What the job does on the command, as Rollout applies it; a rollback aborts only an active rollout.
    private static RolloutState expected(ControlType command, RolloutState before) {
        return switch (command) {
            case ROLLOUT_START, ROLLOUT_RESUME -> RolloutState.RUNNING;
            case ROLLOUT_PAUSE -> RolloutState.PAUSED;
            case ROLLOUT_ABORT -> RolloutState.ABORTED;
            case ROLLBACK -> before == RolloutState.COMPLETED || before == RolloutState.ABORTED
                    ? before : RolloutState.ABORTED;
            default -> throw new IllegalArgumentException(command.wire() + " is not a rollout command");
        };
    }
}
