package io.canarykit.cli.demo.desk;

import io.canarykit.schema.CheckVerdict;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.RolloutCheck;
import io.canarykit.schema.RolloutState;
import io.canarykit.schema.RolloutStatus;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns the rollout status the decisions carry into one line per change of state or step, as the
 * demo's log tells it: a step that starts, a pause, an abort with the checks that failed, the end.
 * The same status rides on every symbol's decision, so a change is told once, from whichever comes first.
 */
final class RolloutNarration {

    private RolloutState state;
    private int step = -1;

    /**
     * The line {@code decision} calls for at {@code now}, if its rollout moved on. A decision past
     * its {@code valid_until}, such as an earlier run's on the compacted topic, says nothing.
     */
    synchronized Optional<String> see(GateDecision decision, long now) {
        RolloutStatus r = decision.rollout();
        if (r == null || now >= decision.validUntil() || (r.state() == state && r.step() == step)) {
            return Optional.empty();
        }
        state = r.state();
        step = r.step();
        String at = "step " + (r.step() + 1) + " of " + r.steps();
        return Optional.of("rollout: " + switch (r.state()) {
            case RUNNING -> at + " running: " + (r.shadow()
                    ? "shadow, the challenger trades on paper beside the champion"
                    : "the challenger takes " + Scenarios.percent(r.share()) + " of orders");
            case PAUSED -> "paused at " + at + ", for a human to decide: " + r.reason();
            case ABORTED -> "ABORTED at " + at + ": " + r.reason() + failed(r)
                    + "; the challenger's share is 0 until a new rollout starts";
            case COMPLETED -> "completed: the challenger holds " + Scenarios.percent(r.share())
                    + "; promoting it stays a human act (POST /api/kit/model/promote)";
            case IDLE -> "idle";
        });
    }

    private static String failed(RolloutStatus r) {
        String names = r.checks().stream().filter(c -> c.verdict() == CheckVerdict.FAIL).map(RolloutCheck::name)
                .collect(Collectors.joining(", "));
        return names.isEmpty() ? "" : " (failed: " + names + ")";
    }
}
