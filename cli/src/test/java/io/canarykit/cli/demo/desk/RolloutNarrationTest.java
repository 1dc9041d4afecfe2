package io.canarykit.cli.demo.desk;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.schema.CheckVerdict;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.Mode;
import io.canarykit.schema.RolloutCheck;
import io.canarykit.schema.RolloutState;
import io.canarykit.schema.RolloutStatus;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RolloutNarrationTest {

    private final RolloutNarration narration = new RolloutNarration();

    private static GateDecision decision(String symbol, long validUntil, RolloutStatus rollout) {
        return new GateDecision(symbol, 1_000, 1, validUntil, true, Mode.NORMAL, 1, List.of(), null,
                "champion", "champion", "challenger", false, rollout == null ? 0 : rollout.share(), 0.0, false, null,
                rollout);
    }

    private static RolloutStatus status(RolloutState state, int step, double share, boolean shadow, String reason,
            List<RolloutCheck> checks) {
        return new RolloutStatus(state, step, 4, share, shadow, 1_000, null, reason, checks, null);
    }

    private static RolloutCheck check(String name, CheckVerdict verdict) {
        return new RolloutCheck(name, verdict, 1.0, 0.5, 0.1, 2.0, 3.0, 10, 10, "why");
    }

    @Test
    void tellsEachStateAndStepOnceWhicheverSymbolShowsItFirst() {
        RolloutStatus shadow = status(RolloutState.RUNNING, 0, 0, true, "started", List.of());
        RolloutStatus five = status(RolloutState.RUNNING, 1, 0.05, false, "advanced", List.of());
        assertThat(narration.see(decision("BTCUSDT", 9_000, shadow), 5_000)).contains(
                "rollout: step 1 of 4 running: shadow, the challenger trades on paper beside the champion");
        assertThat(narration.see(decision("ETHUSDT", 9_000, shadow), 5_000)).isEmpty();
        assertThat(narration.see(decision("ETHUSDT", 9_000, five), 6_000)).contains(
                "rollout: step 2 of 4 running: the challenger takes 5 % of orders");
        assertThat(narration.see(decision("BTCUSDT", 9_000, five), 6_000)).isEmpty();
    }

    @Test
    void anAbortNamesTheChecksThatFailed() {
        RolloutStatus aborted = status(RolloutState.ABORTED, 0, 0, true, "slippage failed 2 analyses in a row",
                List.of(check("slippage", CheckVerdict.FAIL), check("markout_5s", CheckVerdict.INCONCLUSIVE),
                        check("psi", CheckVerdict.PASS)));
        assertThat(narration.see(decision("BTCUSDT", 9_000, aborted), 5_000)).contains(
                "rollout: ABORTED at step 1 of 4: slippage failed 2 analyses in a row (failed: slippage); the"
                        + " challenger's share is 0 until a new rollout starts");
    }

    @Test
    void saysNothingOfNoRolloutOrOfAnExpiredDecision() {
        assertThat(narration.see(decision("BTCUSDT", 9_000, null), 5_000)).isEqualTo(Optional.empty());
        // An earlier run's last decision on the compacted topic is past its valid_until.
        RolloutStatus old = status(RolloutState.COMPLETED, 3, 0.2, false, "every check passed", List.of());
        assertThat(narration.see(decision("BTCUSDT", 9_000, old), 9_000)).isEmpty();
        assertThat(narration.see(decision("BTCUSDT", 20_000, old), 9_000)).contains(
                "rollout: completed: the challenger holds 20 %; promoting it stays a human act (POST /api/kit/model/promote)");
    }
}
