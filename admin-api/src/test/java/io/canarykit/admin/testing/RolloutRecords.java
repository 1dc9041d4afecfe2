package io.canarykit.admin.testing;

import io.canarykit.schema.CanaryCut;
import io.canarykit.schema.CheckVerdict;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.Gates;
import io.canarykit.schema.Mode;
import io.canarykit.schema.RolloutCheck;
import io.canarykit.schema.RolloutState;
import io.canarykit.schema.RolloutStatus;
import java.util.List;

/** Decisions carrying the automatic rollout, as the job writes them, for the sidecar's tests. */
public final class RolloutRecords {

    private RolloutRecords() {}

    /** A healthy decision of {@code symbol} carrying {@code rollout}, its share the rollout's (0 and cut once aborted). */
    public static GateDecision decision(String symbol, long seq, long ts, RolloutStatus rollout) {
        boolean aborted = rollout.state() == RolloutState.ABORTED;
        Gates gates = new Gates(false, false, false, false, false, false, false, aborted ? CanaryCut.ROLLOUT_ABORTED : null);
        return new GateDecision(symbol, ts, seq, ts + 15_000, true, Mode.NORMAL, 1.0, List.of(), gates, Records.CHAMPION,
                Records.CHAMPION, Records.CHALLENGER, false, rollout.share(), 150.0, false, null, rollout);
    }

    /** The rollout at {@code step} of a three-step plan, with the last analysis's checks (none before the first). */
    public static RolloutStatus status(RolloutState state, int step, double share, long since, Long nextStepDue,
            String reason, List<RolloutCheck> checks, Long analysedAt) {
        return new RolloutStatus(state, step, 3, share, false, since, nextStepDue, reason, checks, analysedAt);
    }

    /** The slippage comparison's answer: the challenger's and the champion's bps, the interval, the fills. */
    public static RolloutCheck slippage(CheckVerdict verdict, double challenger, double champion, double lower,
            double upper, long fills, long championFills, String detail) {
        return new RolloutCheck("slippage", verdict, challenger, champion, lower, upper, 2.0, fills, championFills, detail);
    }

    /** The challenger's own error rate against 0.01. */
    public static RolloutCheck errorRate(CheckVerdict verdict, double rate, long placed) {
        return new RolloutCheck("error_rate", verdict, rate, null, null, null, 0.01, placed, 0,
                "error rate " + rate + " over " + placed + " placed");
    }
}
