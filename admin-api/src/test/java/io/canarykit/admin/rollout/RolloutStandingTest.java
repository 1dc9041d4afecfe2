package io.canarykit.admin.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.admin.control.CommandedRollout;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import io.canarykit.schema.RolloutState;
import io.canarykit.schema.RolloutStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutStandingTest {

    private static final RolloutStanding.Shown NONE_SHOWN = (state, since) -> false;
    private static final String PLAN = "{\"steps\":[{\"share\":0.05,\"hold_ms\":60000}]}";

    @Test
    void withNothingCommandedTheNewestDecisionSaysItAll() {
        CommandedRollout none = CommandedRollout.initial();
        assertThat(RolloutStanding.of(none, null, null, NONE_SHOWN).state()).isEqualTo(RolloutState.IDLE);
        assertThat(RolloutStanding.of(none, null, null, NONE_SHOWN).confirmed()).isFalse();
        RolloutStanding seen = RolloutStanding.of(none, status(RolloutState.PAUSED, 1), 5_000L, NONE_SHOWN);
        assertThat(seen.state()).isEqualTo(RolloutState.PAUSED);
        assertThat(seen.confirmed()).isTrue();
        assertThat(seen.active()).isTrue();
        assertThat(seen.reported().step()).isEqualTo(1);
    }

    @Test
    void aJustStartedRolloutRunsBeforeTheJobSaysSo() {
        CommandedRollout started = commanded(cmd(ControlType.ROLLOUT_START, 1_000));
        assertThat(RolloutStanding.of(started, null, null, NONE_SHOWN).state()).isEqualTo(RolloutState.RUNNING);
        // A heartbeat the job computed just after the send, before the command reached it: still running.
        RolloutStanding early = RolloutStanding.of(started, null, 1_500L, NONE_SHOWN);
        assertThat(early.state()).isEqualTo(RolloutState.RUNNING);
        assertThat(early.confirmed()).isFalse();
        assertThat(early.active()).isTrue();
        RolloutStanding shown = RolloutStanding.of(started, status(RolloutState.RUNNING, 0), 1_001L, NONE_SHOWN);
        assertThat(shown.state()).isEqualTo(RolloutState.RUNNING);
        assertThat(shown.confirmed()).isTrue();
    }

    @Test
    void aStartTheJobDoesNotTakeEndsOnceItsDecisionsSettle() {
        CommandedRollout started = commanded(cmd(ControlType.ROLLOUT_START, 1_000));
        // 1000 + SETTLE_MS 2000 = 3000: from then on a decision with no rollout is believed.
        assertThat(RolloutStanding.of(started, null, 2_999L, NONE_SHOWN).state()).isEqualTo(RolloutState.RUNNING);
        RolloutStanding refused = RolloutStanding.of(started, null, 3_000L, NONE_SHOWN);
        assertThat(refused.state()).isEqualTo(RolloutState.IDLE);
        assertThat(refused.confirmed()).isTrue();
        assertThat(refused.active()).isFalse();
    }

    @Test
    void theJobsAbortOrCompletionEndsTheRollout() {
        CommandedRollout started = commanded(cmd(ControlType.ROLLOUT_START, 1_000));
        assertThat(RolloutStanding.of(started, status(RolloutState.ABORTED, 0), 90_000L, NONE_SHOWN).state()).isEqualTo(RolloutState.ABORTED);
        assertThat(RolloutStanding.of(started, status(RolloutState.COMPLETED, 2), 90_000L, NONE_SHOWN).active()).isFalse();
    }

    @Test
    void aPauseHoldsUntilTheJobAnswers() {
        CommandedRollout paused = commanded(cmd(ControlType.ROLLOUT_START, 1_000), cmd(ControlType.ROLLOUT_PAUSE, 5_000));
        RolloutStanding before = RolloutStanding.of(paused, status(RolloutState.RUNNING, 1), 4_000L, NONE_SHOWN);
        assertThat(before.state()).isEqualTo(RolloutState.PAUSED);
        assertThat(before.confirmed()).isFalse();
        // The step the job last reported is still the rollout's.
        assertThat(before.reported().step()).isEqualTo(1);
        assertThat(RolloutStanding.of(paused, status(RolloutState.PAUSED, 1), 5_010L, NONE_SHOWN).confirmed()).isTrue();
    }

    @Test
    void onceTheJobShowedACommandsEffectItsNextDecisionIsBelievedAtOnce() {
        CommandedRollout resumed = commanded(cmd(ControlType.ROLLOUT_START, 1_000), cmd(ControlType.ROLLOUT_RESUME, 5_000));
        RolloutStatus aborted = status(RolloutState.ABORTED, 1);
        // Aborted 20 ms after the resume: within the settle time, but the job showed running at 5010 first.
        RolloutStanding.Shown runningAt5010 = (state, since) -> state == RolloutState.RUNNING && since <= 5_010;
        RolloutStanding standing = RolloutStanding.of(resumed, aborted, 5_020L, runningAt5010);
        assertThat(standing.state()).isEqualTo(RolloutState.ABORTED);
        assertThat(standing.confirmed()).isTrue();
        assertThat(RolloutStanding.of(resumed, aborted, 5_020L, NONE_SHOWN).state()).isEqualTo(RolloutState.RUNNING);
    }

    @Test
    void aRollbackAbortsOnlyAnActiveRollout() {
        CommandedRollout rolledBack = commanded(cmd(ControlType.ROLLOUT_START, 1_000), cmd(ControlType.ROLLBACK, 5_000));
        assertThat(RolloutStanding.of(rolledBack, status(RolloutState.RUNNING, 0), 4_000L, NONE_SHOWN).state())
                .isEqualTo(RolloutState.ABORTED);
        assertThat(RolloutStanding.of(rolledBack, status(RolloutState.COMPLETED, 2), 4_000L, NONE_SHOWN).state())
                .isEqualTo(RolloutState.COMPLETED);
        assertThat(RolloutStanding.of(rolledBack, status(RolloutState.ABORTED, 0), 5_050L, NONE_SHOWN).confirmed()).isTrue();
        // Before any start there is no rollout for a rollback to abort.
        assertThat(commanded(cmd(ControlType.ROLLBACK, 5_000)).last()).isNull();
    }

    @Test
    void aDecisionFromBeforeANewStartIsAboutTheEarlierRollout() {
        CommandedRollout again = commanded(cmd(ControlType.ROLLOUT_START, 1_000), cmd(ControlType.ROLLOUT_ABORT, 2_000),
                cmd(ControlType.ROLLOUT_START, 10_000));
        RolloutStanding standing = RolloutStanding.of(again, status(RolloutState.ABORTED, 0), 9_000L, NONE_SHOWN);
        assertThat(standing.state()).isEqualTo(RolloutState.RUNNING);
        assertThat(standing.reported()).isNull();
        assertThat(again.startedAt()).isEqualTo(10_000L);
    }

    private static CommandedRollout commanded(ControlCommand... commands) {
        CommandedRollout folded = CommandedRollout.initial();
        for (ControlCommand c : commands) {
            folded = folded.after(c);
        }
        return folded;
    }

    private static ControlCommand cmd(ControlType type, long ts) {
        return new ControlCommand("c-" + ts, ts, "ana@127.0.0.1", type,
                type == ControlType.ROLLOUT_START ? Map.of("plan", PLAN) : Map.of());
    }

    private static RolloutStatus status(RolloutState state, int step) {
        return new RolloutStatus(state, step, 3, 0.05, false, 0, null, "why", List.of(), null);
    }
}
