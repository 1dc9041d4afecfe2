package io.canarykit.admin.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandedStateTest {

    @Test
    void foldsTheOperatorsCommandsAndDatesTheLastOne() {
        CommandedState state = CommandedState.initial()
                .after(command(1, ControlType.ARM, Map.of()))
                .after(command(2, ControlType.KILL, Map.of()))
                .after(command(3, ControlType.PIN, Map.of("model_id", "m2")))
                .after(command(4, ControlType.CANARY_SHARE, Map.of("pct", "0.05")))
                .after(command(5, ControlType.RISK_RESET, Map.of()))
                .after(command(6, ControlType.PREFLIGHT, Map.of("ok", "true")));
        assertThat(state).isEqualTo(new CommandedState(true, true, "m2", 0.05, 5L, 6L));

        CommandedState after = state.after(command(7, ControlType.UNKILL, Map.of()))
                .after(command(8, ControlType.UNPIN, Map.of()))
                .after(command(9, ControlType.PROMOTE, Map.of("challenger", "m3")));
        assertThat(after).isEqualTo(new CommandedState(true, false, null, 0.0, 5L, 9L));
    }

    @Test
    void aCommandTheJobWouldRefuseChangesNothingButTheLastCommandTime() {
        CommandedState shared = CommandedState.initial().after(command(1, ControlType.CANARY_SHARE, Map.of("pct", "0.1")));
        // 0.3 is above the 0.25 cap: the job keeps 0.1, and so does the sidecar's account of it.
        assertThat(shared.after(command(2, ControlType.CANARY_SHARE, Map.of("pct", "0.3"))))
                .isEqualTo(new CommandedState(false, false, null, 0.1, null, 2L));
        // A promote that names no challenger has nothing to promote.
        assertThat(shared.after(command(3, ControlType.PROMOTE, Map.of())))
                .isEqualTo(new CommandedState(false, false, null, 0.1, null, 3L));
        assertThat(shared.after(command(4, ControlType.PIN, Map.of())))
                .isEqualTo(new CommandedState(false, false, null, 0.1, null, 4L));
    }

    @Test
    void setLimitsIsAcceptedAndChangesNothing() {
        CommandedState armed = CommandedState.initial().after(command(1, ControlType.ARM, Map.of()));
        assertThat(armed.after(command(2, ControlType.SET_LIMITS, Map.of("max_trades_per_day", "10"))))
                .isEqualTo(new CommandedState(true, false, null, null, null, 2L));
    }

    private static ControlCommand command(long ts, ControlType type, Map<String, String> args) {
        return new ControlCommand("id-" + ts, ts, "ops", type, args);
    }
}
