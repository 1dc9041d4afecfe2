package io.canarykit.operators.rollout;

import io.canarykit.schema.RolloutCheck;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.schema.CheckVerdict;
import io.canarykit.schema.RolloutPlan;
import io.canarykit.schema.RolloutState;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutTest {

    private static final long HOLD = 10_000;
    private static final RolloutPlan PLAN = new RolloutPlan(List.of(
            new RolloutPlan.Step(0.05, HOLD, false),
            new RolloutPlan.Step(0.10, HOLD, false)), RolloutPlan.Analysis.DEFAULT);

    @Test
    void advancesOnlyWhenTheHoldHasPassedAndEveryCheckPasses() {
        Rollout r = Rollout.start(PLAN, 1_000, "ops");
        assertThat(r.state()).isEqualTo(RolloutState.RUNNING);
        assertThat(r.share()).hasValue(0.05);
        r = r.analyse(5_000, List.of(pass("slippage"), pass("psi")));
        assertThat(r.step()).isZero();
        r = r.analyse(11_000, List.of(pass("slippage"), inconclusive("psi")));
        assertThat(r.step()).as("an inconclusive check holds the step").isZero();
        r = r.analyse(12_000, List.of(pass("slippage"), pass("psi")));
        assertThat(r.step()).isEqualTo(1);
        assertThat(r.stepSince()).isEqualTo(12_000);
        assertThat(r.share()).hasValue(0.10);
        r = r.analyse(22_000, List.of(pass("slippage")));
        assertThat(r.state()).isEqualTo(RolloutState.COMPLETED);
        assertThat(r.share()).as("a finished plan holds at its last share").hasValue(0.10);
        assertThat(r.history()).extracting(Rollout.Transition::state)
                .containsExactly(RolloutState.RUNNING, RolloutState.RUNNING, RolloutState.COMPLETED);
    }

    @Test
    void abortsOnTheFailureLimitOfConsecutiveFailuresAndSetsTheShareToZero() {
        Rollout r = Rollout.start(PLAN, 0, "ops");
        r = r.analyse(1_000, List.of(fail("slippage"), pass("psi")));
        assertThat(r.state()).isEqualTo(RolloutState.RUNNING);
        assertThat(r.consecutiveFailures()).isEqualTo(1);
        r = r.analyse(2_000, List.of(pass("slippage"), inconclusive("psi")));
        assertThat(r.consecutiveFailures()).as("a failure must repeat in a row").isZero();
        r = r.analyse(3_000, List.of(fail("slippage")));
        r = r.analyse(4_000, List.of(fail("slippage"), fail("markout_5s")));
        assertThat(r.state()).isEqualTo(RolloutState.ABORTED);
        assertThat(r.share()).hasValue(0);
        assertThat(r.reason()).startsWith("aborted after 2 failed analyses in a row: slippage (")
                .contains("markout_5s (");
        assertThat(r.analyse(5_000, List.of(pass("slippage")))).as("an aborted rollout stays aborted").isEqualTo(r);
    }

    @Test
    void pausesForAHumanWhenChecksStayInconclusiveForTwiceTheHold() {
        Rollout r = Rollout.start(PLAN, 0, "ops");
        r = r.analyse(19_999, List.of(inconclusive("slippage")));
        assertThat(r.state()).isEqualTo(RolloutState.RUNNING);
        r = r.analyse(20_000, List.of(inconclusive("slippage"), pass("psi")));
        assertThat(r.state()).isEqualTo(RolloutState.PAUSED);
        assertThat(r.reason()).isEqualTo("paused for a human: still inconclusive at twice the step's hold: slippage (why)");
        assertThat(r.share()).as("a paused rollout keeps its step's share").hasValue(0.05);
        r = r.resume(25_000, "ops");
        assertThat(r.state()).isEqualTo(RolloutState.RUNNING);
        r = r.analyse(44_999, List.of(inconclusive("slippage")));
        assertThat(r.state()).as("a resume gives the checks another twice the hold").isEqualTo(RolloutState.RUNNING);
        r = r.analyse(45_000, List.of(pass("slippage")));
        assertThat(r.step()).isEqualTo(1);
    }

    @Test
    void anOperatorPausesResumesAndAborts() {
        Rollout r = Rollout.start(PLAN, 0, "ops");
        Rollout paused = r.pause(1_000, "alice");
        assertThat(paused.state()).isEqualTo(RolloutState.PAUSED);
        assertThat(paused.analyse(50_000, List.of(pass("slippage")))).as("a paused rollout is not analysed").isEqualTo(paused);
        assertThat(paused.pause(2_000, "bob")).isEqualTo(paused);
        Rollout aborted = paused.abort(3_000, "aborted by bob");
        assertThat(aborted.state()).isEqualTo(RolloutState.ABORTED);
        assertThat(aborted.share()).hasValue(0);
        assertThat(aborted.resume(4_000, "alice")).isEqualTo(aborted);
        assertThat(Rollout.IDLE.share()).isEmpty();
        assertThat(Rollout.IDLE.active()).isFalse();
    }

    private static RolloutCheck pass(String name) {
        return result(name, CheckVerdict.PASS);
    }

    private static RolloutCheck fail(String name) {
        return result(name, CheckVerdict.FAIL);
    }

    private static RolloutCheck inconclusive(String name) {
        return result(name, CheckVerdict.INCONCLUSIVE);
    }

    private static RolloutCheck result(String name, CheckVerdict verdict) {
        return new RolloutCheck(name, verdict, null, null, null, null, 0, 0, 0, "why");
    }

    @Test
    void aRollbackAbortsACompletedRolloutWhichAnAbortLeavesAlone() {
        Rollout done = Rollout.start(PLAN, 0, "ops")
                .analyse(HOLD, List.of(pass("slippage")))
                .analyse(2 * HOLD, List.of(pass("slippage")));
        assertThat(done.state()).isEqualTo(RolloutState.COMPLETED);
        assertThat(done.abort(2 * HOLD + 1, "aborted by ops")).isSameAs(done);
        Rollout back = done.rollBack(2 * HOLD + 1, "rolled back by ops");
        assertThat(back.state()).isEqualTo(RolloutState.ABORTED);
        assertThat(back.share()).hasValue(0);
        assertThat(back.reason()).isEqualTo("rolled back by ops");
        assertThat(Rollout.IDLE.rollBack(1, "rolled back by ops")).isSameAs(Rollout.IDLE);
    }
}
