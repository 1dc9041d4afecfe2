package io.canarykit.operators.gate;

import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.control.ControlFold;

/**
 * What operators have set for every symbol: arming, the kill switch, preflight, the models and the
 * canary share; {@link #apply} gives the state after one {@link ControlCommand}.
 *
 * @param armed whether trading is armed
 * @param killSwitch whether the kill switch is on
 * @param preflightPassed whether the last preflight passed
 * @param pinnedModel the model pinned by an operator, or null
 * @param canaryShare the operator's canary share, in [0, {@link #MAX_CANARY_SHARE}]
 * @param champion the champion model
 * @param challenger the challenger model, or null when there is none
 */
public record ControlState(
        boolean armed,
        boolean killSwitch,
        boolean preflightPassed,
        String pinnedModel,
        double canaryShare,
        String champion,
        String challenger) {

    /** The largest canary share an operator may set ({@code pct} outside [0, 0.25] is refused). */
    public static final double MAX_CANARY_SHARE = ControlFold.MAX_CANARY_SHARE;

    public ControlState {
        ArgumentChecks.requireNonBlankOrNull("pinnedModel", pinnedModel);
        if (!(canaryShare >= 0 && canaryShare <= MAX_CANARY_SHARE)) {
            throw new IllegalArgumentException(
                    "canaryShare must be in [0, " + MAX_CANARY_SHARE + "], got " + canaryShare);
        }
        if (champion == null || champion.isBlank()) {
            throw new IllegalArgumentException("champion must not be blank");
        }
        ArgumentChecks.requireNonBlankOrNull("challenger", challenger);
        if (champion.equals(challenger)) {
            throw new IllegalArgumentException("challenger must differ from champion, both are " + champion);
        }
    }

    /** A fresh state: disarmed, kill switch off, preflight not yet passed, unpinned, canary share 0. */
    public static ControlState initial(String champion, String challenger) {
        return new ControlState(false, false, false, null, 0.0, champion, challenger);
    }

    /** Whether a model is pinned. */
    public boolean pinned() {
        return pinnedModel != null;
    }

    /**
     * The state after {@code command}, by the rules of {@link ControlFold}. Commands that do not
     * concern the gate (risk_reset, set_limits, which {@link SetLimits} applies, refresh and the
     * rollout's, which run downstream of the symbol gates) leave it unchanged and are accepted; a
     * command with invalid arguments leaves it unchanged and is refused with the reason.
     */
    public Applied apply(ControlCommand command) {
        ControlFold.Folded<ControlState> folded = ControlFold.apply(command, challenger, new Changes());
        return new Applied(folded.state(), folded.refusal());
    }

    /** How this state takes each change of {@link ControlFold}. */
    private final class Changes implements ControlFold.Changes<ControlState> {

        @Override
        public ControlState armed(boolean armed) {
            return withArmed(armed);
        }

        @Override
        public ControlState killSwitch(boolean on) {
            return withKillSwitch(on);
        }

        @Override
        public ControlState pinned(String modelId) {
            return withPinnedModel(modelId);
        }

        @Override
        public ControlState canaryShare(double share) {
            return withCanaryShare(share);
        }

        @Override
        public ControlState promoted() {
            return new ControlState(armed, killSwitch, preflightPassed, pinnedModel, 0.0, challenger, null);
        }

        @Override
        public ControlState rolledBack() {
            return withCanaryShare(0.0);
        }

        @Override
        public ControlState preflight(boolean passed) {
            return withPreflightPassed(passed);
        }

        @Override
        public ControlState riskReset() {
            return ControlState.this;
        }

        @Override
        public ControlState unchanged() {
            return ControlState.this;
        }
    }

    private ControlState withArmed(boolean value) {
        return new ControlState(value, killSwitch, preflightPassed, pinnedModel, canaryShare, champion, challenger);
    }

    private ControlState withKillSwitch(boolean value) {
        return new ControlState(armed, value, preflightPassed, pinnedModel, canaryShare, champion, challenger);
    }

    private ControlState withPreflightPassed(boolean value) {
        return new ControlState(armed, killSwitch, value, pinnedModel, canaryShare, champion, challenger);
    }

    private ControlState withPinnedModel(String value) {
        return new ControlState(armed, killSwitch, preflightPassed, value, canaryShare, champion, challenger);
    }

    private ControlState withCanaryShare(double value) {
        return new ControlState(armed, killSwitch, preflightPassed, pinnedModel, value, champion, challenger);
    }

    /**
     * The state after a command, and why the command was refused (null when it was accepted).
     *
     * @param state the new state; the old one when the command was refused
     * @param refusal why the command was refused, or null
     */
    public record Applied(ControlState state, String refusal) {

        /** Whether the command was accepted. */
        public boolean accepted() {
            return refusal == null;
        }
    }
}
