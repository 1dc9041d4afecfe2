package io.canarykit.operators.gate;

import io.canarykit.schema.ControlCommand;
import java.util.Locale;

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
    public static final double MAX_CANARY_SHARE = 0.25;

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
     * The state after {@code command}. Commands that do not concern the gate (risk_reset,
     * set_limits, which {@link SetLimits} applies, and refresh) leave it unchanged and are accepted;
     * a command with invalid arguments leaves it unchanged and is refused with the reason.
     */
    public Applied apply(ControlCommand command) {
        if (command == null || command.type() == null) {
            throw new IllegalArgumentException("command and its type must not be null, got " + command);
        }
        return switch (command.type()) {
            case ARM -> accepted(withArmed(true));
            case DISARM -> accepted(withArmed(false));
            case KILL -> accepted(withKillSwitch(true));
            case UNKILL -> accepted(withKillSwitch(false));
            case PIN -> pin(command);
            case UNPIN -> accepted(withPinnedModel(null));
            case CANARY_SHARE -> canaryShare(command);
            case PROMOTE -> promote();
            case ROLLBACK -> accepted(withCanaryShare(0.0));
            case PREFLIGHT -> preflight(command);
            // The rollout runs downstream of the symbol gates; see RolloutAnalysisFunction.
            case RISK_RESET, SET_LIMITS, REFRESH, ROLLOUT_START, ROLLOUT_PAUSE, ROLLOUT_RESUME, ROLLOUT_ABORT -> accepted(this);
        };
    }

    private Applied pin(ControlCommand command) {
        String modelId = command.arg("model_id").map(String::trim).orElse("");
        if (modelId.isEmpty()) {
            return refused("pin needs a non-blank model_id");
        }
        return accepted(withPinnedModel(modelId));
    }

    private Applied canaryShare(ControlCommand command) {
        if (command.arg("pct").isEmpty()) {
            return refused("canary_share needs pct");
        }
        Double pct = command.numberArg("pct").orElse(null);
        if (pct == null) {
            return refused("canary_share pct must be a finite number, got " + command.arg("pct").get());
        }
        if (pct < 0 || pct > MAX_CANARY_SHARE) {
            return refused("canary_share pct must be in [0, " + MAX_CANARY_SHARE + "], got " + pct);
        }
        // 0.0 and -0.0 both mean "no canary"; keep one of them so equal states compare equal.
        return accepted(withCanaryShare(pct == 0 ? 0.0 : pct));
    }

    private Applied promote() {
        if (challenger == null) {
            return refused("promote needs a challenger, and there is none");
        }
        return accepted(new ControlState(armed, killSwitch, preflightPassed, pinnedModel, 0.0, challenger, null));
    }

    private Applied preflight(ControlCommand command) {
        String ok = command.arg("ok").map(s -> s.trim().toLowerCase(Locale.ROOT)).orElse("");
        return switch (ok) {
            case "true" -> accepted(withPreflightPassed(true));
            case "false" -> accepted(withPreflightPassed(false));
            default -> refused("preflight ok must be true or false, got " + command.arg("ok").orElse("nothing"));
        };
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

    private static Applied accepted(ControlState state) {
        return new Applied(state, null);
    }

    private Applied refused(String reason) {
        return new Applied(this, reason);
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
