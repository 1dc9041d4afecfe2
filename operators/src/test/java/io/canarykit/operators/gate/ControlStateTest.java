package io.canarykit.operators.gate;

import static io.canarykit.operators.gate.Healthy.CHALLENGER;
import static io.canarykit.operators.gate.Healthy.CHAMPION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ControlStateTest {

    /** Armed, preflight passed, kill switch off, unpinned, share 0.05. */
    private static final ControlState RUNNING = new ControlState(true, false, true, null, 0.05, CHAMPION, CHALLENGER);

    @Test
    void startsDisarmedWithoutPreflightAndWithNoCanary() {
        ControlState s = ControlState.initial(CHAMPION, CHALLENGER);

        assertThat(s).isEqualTo(new ControlState(false, false, false, null, 0.0, CHAMPION, CHALLENGER));
    }

    @Test
    void armAndDisarmSetArmed() {
        ControlState armed = accept(ControlState.initial(CHAMPION, CHALLENGER), command(ControlType.ARM));

        assertThat(armed.armed()).isTrue();
        assertThat(accept(armed, command(ControlType.DISARM)))
                .isEqualTo(ControlState.initial(CHAMPION, CHALLENGER));
    }

    @Test
    void armIsAcceptedBeforePreflightPassesAndThePreflightGateStillHalts() {
        ControlState armed = accept(ControlState.initial(CHAMPION, CHALLENGER), command(ControlType.ARM));

        assertThat(armed.armed()).isTrue();
        assertThat(armed.preflightPassed()).isFalse();
    }

    @Test
    void killAndUnkillSetTheKillSwitch() {
        ControlState killed = accept(RUNNING, command(ControlType.KILL));

        assertThat(killed).isEqualTo(new ControlState(true, true, true, null, 0.05, CHAMPION, CHALLENGER));
        assertThat(accept(killed, command(ControlType.UNKILL))).isEqualTo(RUNNING);
    }

    @Test
    void pinSetsTheModelAndUnpinClearsIt() {
        ControlState pinned = accept(RUNNING, command(ControlType.PIN, Map.of("model_id", "champion_20251201")));

        assertThat(pinned.pinnedModel()).isEqualTo("champion_20251201");
        assertThat(pinned.pinned()).isTrue();
        assertThat(pinned.canaryShare()).isEqualTo(0.05);
        assertThat(accept(pinned, command(ControlType.UNPIN))).isEqualTo(RUNNING);
    }

    @Test
    void refusesPinWithoutAModelId() {
        assertRefused(RUNNING, command(ControlType.PIN), "model_id");
        assertRefused(RUNNING, command(ControlType.PIN, Map.of("model_id", "  ")), "model_id");
    }

    @Test
    void canaryShareSetsTheOperatorsShare() {
        assertThat(accept(RUNNING, share("0.10")).canaryShare()).isEqualTo(0.10);
    }

    @Test
    void canaryShareAcceptsBothEndsOfItsRange() {
        assertThat(accept(RUNNING, share("0")).canaryShare()).isEqualTo(0.0);
        assertThat(accept(RUNNING, share("-0.0"))).isEqualTo(accept(RUNNING, share("0")));
        assertThat(accept(RUNNING, share("0.25")).canaryShare()).isEqualTo(0.25);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.2500001", "-0.01", "1", "0.05x", "abc", "NaN", "Infinity", ""})
    void refusesACanaryShareOutsideZeroToAQuarterOrNotANumber(String pct) {
        assertRefused(RUNNING, share(pct), "pct");
    }

    @Test
    void refusesACanaryShareWithoutPct() {
        assertRefused(RUNNING, command(ControlType.CANARY_SHARE), "needs pct");
    }

    @Test
    void promoteMakesTheChallengerChampionAndClearsTheCanary() {
        ControlState promoted = accept(RUNNING, command(ControlType.PROMOTE));

        assertThat(promoted).isEqualTo(new ControlState(true, false, true, null, 0.0, CHALLENGER, null));
    }

    @Test
    void refusesToPromoteWithoutAChallenger() {
        ControlState noChallenger = new ControlState(true, false, true, null, 0.0, CHAMPION, null);

        assertRefused(noChallenger, command(ControlType.PROMOTE), "no");
    }

    @Test
    void rollbackPutsTheCanaryShareBackToZeroAndKeepsTheChallenger() {
        ControlState rolledBack = accept(RUNNING, command(ControlType.ROLLBACK));

        assertThat(rolledBack).isEqualTo(new ControlState(true, false, true, null, 0.0, CHAMPION, CHALLENGER));
    }

    @Test
    void preflightRecordsWhetherItPassed() {
        ControlState failed = accept(RUNNING, command(ControlType.PREFLIGHT, Map.of("ok", "false")));

        assertThat(failed.preflightPassed()).isFalse();
        assertThat(accept(failed, command(ControlType.PREFLIGHT, Map.of("ok", "true")))).isEqualTo(RUNNING);
        assertThat(accept(failed, command(ControlType.PREFLIGHT, Map.of("ok", " TRUE ")))).isEqualTo(RUNNING);
    }

    @Test
    void refusesPreflightWithoutABooleanOk() {
        assertRefused(RUNNING, command(ControlType.PREFLIGHT), "ok");
        assertRefused(RUNNING, command(ControlType.PREFLIGHT, Map.of("ok", "yes")), "yes");
    }

    @ParameterizedTest
    @EnumSource(value = ControlType.class, names = {"RISK_RESET", "SET_LIMITS", "REFRESH"})
    void commandsThatDoNotConcernTheGateLeaveItUnchanged(ControlType type) {
        ControlState.Applied applied = RUNNING.apply(command(type, Map.of("pct", "0.2", "model_id", "x")));

        assertThat(applied.accepted()).isTrue();
        assertThat(applied.state()).isSameAs(RUNNING);
    }

    @Test
    void rejectsANullCommand() {
        assertThatThrownBy(() -> RUNNING.apply(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("command");
        assertThatThrownBy(() -> RUNNING.apply(new ControlCommand("c", 0, "ops", null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type");
    }

    @Test
    void rejectsAnInvalidStateByName() {
        assertThatThrownBy(() -> new ControlState(true, false, true, null, 0.3, CHAMPION, CHALLENGER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("canaryShare");
        assertThatThrownBy(() -> new ControlState(true, false, true, null, Double.NaN, CHAMPION, CHALLENGER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("canaryShare");
        assertThatThrownBy(() -> new ControlState(true, false, true, null, 0.0, " ", CHALLENGER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("champion");
        assertThatThrownBy(() -> new ControlState(true, false, true, null, 0.0, CHAMPION, CHAMPION))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("challenger");
        assertThatThrownBy(() -> new ControlState(true, false, true, "", 0.0, CHAMPION, CHALLENGER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pinnedModel");
    }

    private static ControlState accept(ControlState state, ControlCommand command) {
        ControlState.Applied applied = state.apply(command);
        assertThat(applied.refusal()).isNull();
        assertThat(applied.accepted()).isTrue();
        return applied.state();
    }

    private static void assertRefused(ControlState state, ControlCommand command, String why) {
        ControlState.Applied applied = state.apply(command);
        assertThat(applied.accepted()).isFalse();
        assertThat(applied.refusal()).contains(why);
        assertThat(applied.state()).isSameAs(state);
    }

    private static ControlCommand share(String pct) {
        return command(ControlType.CANARY_SHARE, Map.of("pct", pct));
    }

    private static ControlCommand command(ControlType type) {
        return command(type, Map.of());
    }

    private static ControlCommand command(ControlType type, Map<String, String> args) {
        return new ControlCommand("cmd-1", 1_000, "ops", type, args);
    }
}
