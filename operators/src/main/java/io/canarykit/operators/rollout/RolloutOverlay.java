package io.canarykit.operators.rollout;

import io.canarykit.schema.CanaryCut;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.Gates;
import io.canarykit.schema.Mode;
import io.canarykit.schema.RolloutState;
import io.canarykit.schema.RolloutStatus;

/**
 * A symbol's gate decision as the rollout changes it: while a rollout exists the decision carries
 * its status and the rollout's share instead of the operator's manual one, unless the gate already
 * routes nothing (halted, a canary cut, no challenger); an aborted rollout routes nothing and names
 * itself in the {@code canary} gate. With no rollout the decision is the gate's, unchanged.
 */
public final class RolloutOverlay {

    private RolloutOverlay() {}

    /**
     * The decision to send for the gate's {@code decision} under {@code status} (null or idle: no
     * rollout), with {@code seq}.
     */
    public static GateDecision apply(GateDecision decision, RolloutStatus status, long seq) {
        if (status == null || status.state() == RolloutState.IDLE) {
            return seq == decision.seq() && decision.rollout() == null ? decision
                    : with(decision, seq, decision.canaryShare(), decision.gates(), null);
        }
        if (status.state() == RolloutState.ABORTED) {
            Gates g = decision.gates();
            Gates cut = new Gates(g.slo(), g.psi(), g.budget(), g.preflight(), g.killSwitch(), g.disarmed(),
                    g.dataQuality(), CanaryCut.ROLLOUT_ABORTED);
            return with(decision, seq, 0.0, cut, status);
        }
        return with(decision, seq, gateRoutes(decision) ? status.share() : 0.0, decision.gates(), status);
    }

    /** Whether the gate lets the challenger have orders at all, whatever the share. */
    static boolean gateRoutes(GateDecision d) {
        return d.mode() != Mode.HALTED && d.gates().canary() == null && d.challenger() != null;
    }

    private static GateDecision with(GateDecision d, long seq, double share, Gates gates, RolloutStatus status) {
        return new GateDecision(d.symbol(), d.ts(), seq, d.validUntil(), d.allow(), d.mode(), d.sizeMultiplier(),
                d.reasons(), gates, d.modelId(), d.champion(), d.challenger(), d.pinned(), share, d.maxRiskPerTrade(),
                d.live(), d.kpis(), status, d.maxOrderNotional());
    }
}
