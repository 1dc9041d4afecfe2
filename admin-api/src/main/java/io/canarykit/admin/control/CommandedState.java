package io.canarykit.admin.control;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.canarykit.schema.ControlCommand;

/**
 * What operators have commanded through the sidecar, as the broker acknowledged it: arming, the kill
 * switch, the pin, the canary share and the last risk reset. The job's decisions say what took effect.
 */
public record CommandedState(
        @JsonProperty("armed") boolean armed,
        @JsonProperty("kill_switch") boolean killSwitch,
        @JsonProperty("pinned_model") String pinnedModel,
        @JsonProperty("canary_share") Double canaryShare,
        @JsonProperty("last_risk_reset_ts") Long lastRiskResetTs,
        @JsonProperty("last_command_ts") Long lastCommandTs) {

    /** Before any command: disarmed, kill switch off, nothing pinned, the share as configured. */
    public static CommandedState initial() {
        return new CommandedState(false, false, null, null, null, null);
    }

    /** The state after an acknowledged {@code command}. */
    public CommandedState after(ControlCommand command) {
        long ts = command.ts();
        return switch (command.type()) {
            case ARM -> new CommandedState(true, killSwitch, pinnedModel, canaryShare, lastRiskResetTs, ts);
            case DISARM -> new CommandedState(false, killSwitch, pinnedModel, canaryShare, lastRiskResetTs, ts);
            case KILL -> new CommandedState(armed, true, pinnedModel, canaryShare, lastRiskResetTs, ts);
            case UNKILL -> new CommandedState(armed, false, pinnedModel, canaryShare, lastRiskResetTs, ts);
            case PIN -> new CommandedState(armed, killSwitch, command.arg("model_id").orElse(null), canaryShare,
                    lastRiskResetTs, ts);
            case UNPIN -> new CommandedState(armed, killSwitch, null, canaryShare, lastRiskResetTs, ts);
            case CANARY_SHARE -> new CommandedState(armed, killSwitch, pinnedModel,
                    command.numberArg("pct").orElse(canaryShare), lastRiskResetTs, ts);
            case PROMOTE, ROLLBACK -> new CommandedState(armed, killSwitch, pinnedModel, 0.0, lastRiskResetTs, ts);
            case RISK_RESET -> new CommandedState(armed, killSwitch, pinnedModel, canaryShare, ts, ts);
            case SET_LIMITS, PREFLIGHT, REFRESH -> new CommandedState(armed, killSwitch, pinnedModel, canaryShare,
                    lastRiskResetTs, ts);
            // The rollout's share is the job's to set: its decisions carry it under rollout.share.
            case ROLLOUT_START, ROLLOUT_PAUSE, ROLLOUT_RESUME, ROLLOUT_ABORT -> new CommandedState(armed, killSwitch,
                    pinnedModel, canaryShare, lastRiskResetTs, ts);
        };
    }
}
