package io.canarykit.admin.control;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.control.ControlFold;

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

    /** The commanded canary share, or {@code configured} ({@code CHALLENGER_SHARE}) before any share command. */
    public double canaryShareOr(double configured) {
        return canaryShare == null ? configured : canaryShare;
    }

    /**
     * The state after an acknowledged {@code command}, by the job's rules ({@link ControlFold}); a
     * command those rules refuse changes nothing here either, but still dates the last command.
     * The sidecar knows a challenger only as the one a promote names.
     */
    public CommandedState after(ControlCommand command) {
        String challenger = command.arg("challenger").orElse(null);
        CommandedState folded = ControlFold.apply(command, challenger, new Changes(command.ts())).state();
        return new CommandedState(folded.armed, folded.killSwitch, folded.pinnedModel, folded.canaryShare,
                folded.lastRiskResetTs, command.ts());
    }

    /**
     * How this state takes each change of {@link ControlFold}. Preflight is the job's to check, and the
     * rollout's share the job's to set ({@link CommandedRollout} follows the rollout's commands).
     */
    private final class Changes implements ControlFold.Changes<CommandedState> {

        private final long ts;

        Changes(long ts) {
            this.ts = ts;
        }

        @Override
        public CommandedState armed(boolean on) {
            return new CommandedState(on, killSwitch, pinnedModel, canaryShare, lastRiskResetTs, lastCommandTs);
        }

        @Override
        public CommandedState killSwitch(boolean on) {
            return new CommandedState(armed, on, pinnedModel, canaryShare, lastRiskResetTs, lastCommandTs);
        }

        @Override
        public CommandedState pinned(String modelId) {
            return new CommandedState(armed, killSwitch, modelId, canaryShare, lastRiskResetTs, lastCommandTs);
        }

        @Override
        public CommandedState canaryShare(double share) {
            return new CommandedState(armed, killSwitch, pinnedModel, share, lastRiskResetTs, lastCommandTs);
        }

        @Override
        public CommandedState promoted() {
            return canaryShare(0.0);
        }

        @Override
        public CommandedState rolledBack() {
            return canaryShare(0.0);
        }

        @Override
        public CommandedState preflight(boolean passed) {
            return unchanged();
        }

        @Override
        public CommandedState riskReset() {
            return new CommandedState(armed, killSwitch, pinnedModel, canaryShare, ts, lastCommandTs);
        }

        @Override
        public CommandedState unchanged() {
            return CommandedState.this;
        }
    }
}
