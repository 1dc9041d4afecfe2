package io.canarykit.operators.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.schema.CanaryCut;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.Gates;
import io.canarykit.schema.Mode;
import io.canarykit.schema.RolloutState;
import io.canarykit.schema.RolloutStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutOverlayTest {

    private static final RolloutStatus RUNNING = status(RolloutState.RUNNING, 0.10);

    @Test
    void theRolloutsShareReplacesTheManualOneOnlyWhereTheGateRoutesToTheChallenger() {
        assertThat(RolloutOverlay.apply(decision(Mode.NORMAL, null, "c"), RUNNING, 8).canaryShare()).isEqualTo(0.10);
        assertThat(RolloutOverlay.apply(decision(Mode.REDUCE_ONLY, null, "c"), RUNNING, 8).canaryShare()).isEqualTo(0.10);
        assertThat(RolloutOverlay.apply(decision(Mode.HALTED, null, "c"), RUNNING, 8).canaryShare()).isZero();
        assertThat(RolloutOverlay.apply(decision(Mode.NORMAL, CanaryCut.CHALLENGER_SLO, "c"), RUNNING, 8).canaryShare())
                .isZero();
        assertThat(RolloutOverlay.apply(decision(Mode.NORMAL, null, null), RUNNING, 8).canaryShare()).isZero();
        GateDecision out = RolloutOverlay.apply(decision(Mode.NORMAL, null, "c"), RUNNING, 8);
        assertThat(out.seq()).isEqualTo(8);
        assertThat(out.rollout()).isEqualTo(RUNNING);
    }

    @Test
    void anAbortedRolloutRoutesNothingAndNamesItselfInTheCanaryGate() {
        GateDecision out = RolloutOverlay.apply(decision(Mode.NORMAL, CanaryCut.PINNED, "c"),
                status(RolloutState.ABORTED, 0), 8);
        assertThat(out.canaryShare()).isZero();
        assertThat(out.gates().canary()).isEqualTo(CanaryCut.ROLLOUT_ABORTED);
    }

    @Test
    void withNoRolloutTheGatesDecisionIsSentAsItIs() {
        GateDecision d = decision(Mode.NORMAL, null, "c");
        assertThat(RolloutOverlay.apply(d, null, 7)).isSameAs(d);
        GateDecision idle = RolloutOverlay.apply(d, status(RolloutState.IDLE, 0), 9);
        assertThat(idle.seq()).isEqualTo(9);
        assertThat(idle.rollout()).isNull();
        assertThat(idle.canaryShare()).isEqualTo(0.02);
    }

    private static RolloutStatus status(RolloutState state, double share) {
        return new RolloutStatus(state, 0, 3, share, false, 1L, null, "why", List.of(), null);
    }

    private static GateDecision decision(Mode mode, CanaryCut cut, String challenger) {
        boolean halted = mode == Mode.HALTED;
        return new GateDecision("AAA", 5L, 7L, 10L, !halted, mode, halted ? 0 : 1, List.of(),
                new Gates(false, false, false, false, false, false, false, cut), "m", "m", challenger, false,
                0.02, 100.0, false, null);
    }
}
