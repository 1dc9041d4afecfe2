package io.canarykit.schema.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControlFoldTest {

    /** Names each change, so a test reads which one the fold chose. */
    private static final ControlFold.Changes<String> NAMES = new ControlFold.Changes<>() {
        @Override
        public String armed(boolean armed) {
            return "armed=" + armed;
        }

        @Override
        public String killSwitch(boolean on) {
            return "kill_switch=" + on;
        }

        @Override
        public String pinned(String modelId) {
            return "pinned=" + modelId;
        }

        @Override
        public String canaryShare(double share) {
            return "canary_share=" + share;
        }

        @Override
        public String promoted() {
            return "promoted";
        }

        @Override
        public String rolledBack() {
            return "rolled_back";
        }

        @Override
        public String preflight(boolean passed) {
            return "preflight=" + passed;
        }

        @Override
        public String riskReset() {
            return "risk_reset";
        }

        @Override
        public String unchanged() {
            return "unchanged";
        }
    };

    @Test
    void readsEachCommandAsItsChange() {
        assertThat(fold(ControlType.ARM, Map.of()).state()).isEqualTo("armed=true");
        assertThat(fold(ControlType.DISARM, Map.of()).state()).isEqualTo("armed=false");
        assertThat(fold(ControlType.KILL, Map.of()).state()).isEqualTo("kill_switch=true");
        assertThat(fold(ControlType.UNKILL, Map.of()).state()).isEqualTo("kill_switch=false");
        assertThat(fold(ControlType.PIN, Map.of("model_id", " m2 ")).state()).isEqualTo("pinned=m2");
        assertThat(fold(ControlType.UNPIN, Map.of()).state()).isEqualTo("pinned=null");
        assertThat(fold(ControlType.CANARY_SHARE, Map.of("pct", "0.25")).state()).isEqualTo("canary_share=0.25");
        assertThat(fold(ControlType.CANARY_SHARE, Map.of("pct", "-0.0")).state()).isEqualTo("canary_share=0.0");
        assertThat(fold(ControlType.PROMOTE, Map.of()).state()).isEqualTo("promoted");
        assertThat(fold(ControlType.ROLLBACK, Map.of()).state()).isEqualTo("rolled_back");
        assertThat(fold(ControlType.PREFLIGHT, Map.of("ok", " TRUE")).state()).isEqualTo("preflight=true");
        assertThat(fold(ControlType.PREFLIGHT, Map.of("ok", "false")).state()).isEqualTo("preflight=false");
        assertThat(fold(ControlType.RISK_RESET, Map.of()).state()).isEqualTo("risk_reset");
    }

    @Test
    void acceptsSetLimitsRefreshAndTheRolloutsCommandsWithoutAChange() {
        for (ControlType type : new ControlType[] {ControlType.SET_LIMITS, ControlType.REFRESH, ControlType.ROLLOUT_START,
                ControlType.ROLLOUT_PAUSE, ControlType.ROLLOUT_RESUME, ControlType.ROLLOUT_ABORT}) {
            ControlFold.Folded<String> folded = fold(type, Map.of());
            assertThat(folded.accepted()).as(type.wire()).isTrue();
            assertThat(folded.state()).as(type.wire()).isEqualTo("unchanged");
        }
    }

    @Test
    void refusesBadArgumentsAndLeavesTheStateUnchanged() {
        assertRefused(fold(ControlType.PIN, Map.of("model_id", "  ")), "pin needs a non-blank model_id");
        assertRefused(fold(ControlType.CANARY_SHARE, Map.of()), "canary_share needs pct");
        assertRefused(fold(ControlType.CANARY_SHARE, Map.of("pct", "lots")), "pct must be a finite number, got lots");
        // The rule a setting's number meets: no Java suffix, no NaN.
        assertRefused(fold(ControlType.CANARY_SHARE, Map.of("pct", "0.1d")), "pct must be a finite number, got 0.1d");
        assertRefused(fold(ControlType.CANARY_SHARE, Map.of("pct", "NaN")), "pct must be a finite number, got NaN");
        assertRefused(fold(ControlType.CANARY_SHARE, Map.of("pct", "0.2500001")), "pct must be in [0, 0.25], got 0.2500001");
        assertRefused(fold(ControlType.CANARY_SHARE, Map.of("pct", "-0.01")), "pct must be in [0, 0.25], got -0.01");
        assertRefused(fold(ControlType.PREFLIGHT, Map.of("ok", "yes")), "preflight ok must be true or false, got yes");
        assertRefused(fold(ControlType.PREFLIGHT, Map.of()), "preflight ok must be true or false, got nothing");
    }

    @Test
    void refusesPromoteWithoutAChallenger() {
        ControlFold.Folded<String> folded = ControlFold.apply(command(ControlType.PROMOTE, Map.of()), null, NAMES);
        assertRefused(folded, "promote needs a challenger");
    }

    @Test
    void refusesToFoldNoCommand() {
        assertThatThrownBy(() -> ControlFold.apply(null, "c", NAMES)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("command and its type must not be null");
    }

    private static void assertRefused(ControlFold.Folded<String> folded, String reason) {
        assertThat(folded.accepted()).isFalse();
        assertThat(folded.refusal()).contains(reason);
        assertThat(folded.state()).isEqualTo("unchanged");
    }

    private static ControlFold.Folded<String> fold(ControlType type, Map<String, String> args) {
        return ControlFold.apply(command(type, args), "challenger_1", NAMES);
    }

    private static ControlCommand command(ControlType type, Map<String, String> args) {
        return new ControlCommand("id-1", 1_000L, "ops", type, args);
    }
}
