package io.canarykit.operators.gate;

import io.canarykit.config.KitConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.operators.flink.state.KryoFreeTypes;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControlTimelineTest {

    private static final ControlState START = ControlState.initial("champion_1", "challenger_1");

    private static ControlCommand command(long ts, ControlType type, Map<String, String> args) {
        return new ControlCommand("c" + ts + type, ts, "ops", type, args);
    }

    @Test
    void readsTheStateAsOfAnyTime() {
        ControlTimeline timeline = ControlTimeline.startingAt(START);
        timeline.add(command(100, ControlType.ARM, Map.of()));
        timeline.add(command(200, ControlType.KILL, Map.of()));

        assertThat(timeline.asOf(99).armed()).isFalse();
        assertThat(timeline.asOf(100).armed()).isTrue();
        assertThat(timeline.asOf(150).killSwitch()).isFalse();
        assertThat(timeline.asOf(200).killSwitch()).isTrue();
        assertThat(timeline.latest().killSwitch()).isTrue();
    }

    @Test
    void anEarlierCommandArrivingLateTakesItsTimePlace() {
        // Disarm at 300 arrives before arm at 100: as of 400 the system is disarmed, as of 200 armed.
        ControlTimeline timeline = ControlTimeline.startingAt(START);
        timeline.add(command(300, ControlType.DISARM, Map.of()));
        timeline.add(command(100, ControlType.ARM, Map.of()));

        assertThat(timeline.asOf(200).armed()).isTrue();
        assertThat(timeline.asOf(400).armed()).isFalse();
    }

    @Test
    void foldingKeepsEveryAnswerAfterTheWatermark() {
        ControlTimeline timeline = armShareAndPin();

        ControlTimeline folded = armShareAndPin();
        folded.foldUpTo(250);

        assertThat(folded.commands()).hasSize(1);
        for (long t : new long[] {250, 299, 300, 1_000}) {
            assertThat(folded.asOf(t)).as("as of %d", t).isEqualTo(timeline.asOf(t));
        }
    }

    private static ControlTimeline armShareAndPin() {
        ControlTimeline timeline = ControlTimeline.startingAt(START);
        timeline.add(command(100, ControlType.ARM, Map.of()));
        timeline.add(command(200, ControlType.CANARY_SHARE, Map.of("pct", "0.05")));
        timeline.add(command(300, ControlType.PIN, Map.of("model_id", "champion_1")));
        return timeline;
    }

    @Test
    void aRefusedCommandChangesNothing() {
        ControlTimeline timeline = ControlTimeline.startingAt(START);
        timeline.add(command(100, ControlType.CANARY_SHARE, Map.of("pct", "0.9")));

        assertThat(timeline.latest()).isEqualTo(START);
    }

    @Test
    void setLimitsChangesTheGateLimitsFromItsOwnTime() {
        ControlTimeline timeline = ControlTimeline.startingAt(START, KitConfig.defaults());
        timeline.add(command(100, ControlType.SET_LIMITS, Map.of("MAX_OPEN_POSITIONS", "1")));
        timeline.add(command(200, ControlType.SET_LIMITS, Map.of("MAX_OPEN_POSITIONS", "-3")));

        assertThat(timeline.limitsAsOf(99).maxOpenPositions()).isEqualTo(2);
        assertThat(timeline.limitsAsOf(100).maxOpenPositions()).isEqualTo(1);
        // The second command is refused (out of range) and changes nothing.
        assertThat(timeline.latestLimits().maxOpenPositions()).isEqualTo(1);
        timeline.foldUpTo(150);
        assertThat(timeline.latestLimits().maxOpenPositions()).isEqualTo(1);
    }

    @Test
    void aLateCommandChangesTheStatesAfterIt() {
        ControlTimeline timeline = ControlTimeline.startingAt(START);
        timeline.add(command(100, ControlType.ARM, Map.of()));
        timeline.add(command(300, ControlType.CANARY_SHARE, Map.of("pct", "0.1")));
        timeline.add(command(200, ControlType.DISARM, Map.of()));

        // The state after the share command was folded while armed; the late disarm must reach it.
        assertThat(timeline.asOf(300).armed()).isFalse();
        assertThat(timeline.asOf(300).canaryShare()).isEqualTo(0.1);
        assertThat(timeline.asOf(150).armed()).isTrue();
    }

    @Test
    void commandsOfOneTimeKeepTheirArrivalOrder() {
        ControlTimeline timeline = ControlTimeline.startingAt(START);
        timeline.add(command(200, ControlType.ARM, Map.of()));
        timeline.add(command(100, ControlType.KILL, Map.of()));
        timeline.add(command(100, ControlType.UNKILL, Map.of()));

        assertThat(timeline.commands()).extracting(ControlCommand::type)
                .containsExactly(ControlType.KILL, ControlType.UNKILL, ControlType.ARM);
        assertThat(timeline.asOf(100).killSwitch()).isFalse();
    }

    @Test
    void aCommandThatCannotBeAppliedLeavesTheTimelineAsItWas() {
        ControlTimeline timeline = armShareAndPin();

        assertThatThrownBy(() -> timeline.add(new ControlCommand("bad", 150, "ops", null, Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("type must not be null");
        assertThat(timeline).isEqualTo(armShareAndPin());
    }

    @Test
    void isKryoFree() {
        KryoFreeTypes.assertNoGenericTypes(ControlTimeline.class);
    }
}
