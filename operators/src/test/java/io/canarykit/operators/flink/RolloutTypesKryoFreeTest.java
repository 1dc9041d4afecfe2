package io.canarykit.operators.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.operators.flink.state.KryoFreeTypes;
import io.canarykit.operators.flink.state.StateRoundTrip;
import io.canarykit.operators.rollout.Rollout;
import io.canarykit.operators.rollout.RolloutStatuses;
import io.canarykit.operators.rollout.StepEvidence;
import io.canarykit.schema.CheckVerdict;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.RolloutCheck;
import io.canarykit.schema.RolloutPlan;
import io.canarykit.schema.Side;
import io.canarykit.schema.TcaRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the rollout operators keep in state and send between them is serialized by Flink, never by Kryo. */
class RolloutTypesKryoFreeTest {

    static Stream<Arguments> samples() {
        RolloutPlan plan = new RolloutPlan(List.of(new RolloutPlan.Step(0, 60_000, true),
                new RolloutPlan.Step(0.1, 60_000, false)), RolloutPlan.Analysis.DEFAULT);
        RolloutCheck check = new RolloutCheck("slippage", CheckVerdict.FAIL, 6.1, 0.4, 4.2, 7.3, 2.0, 40, 400, "worse");
        Rollout rollout = Rollout.start(plan, 1_000, "ops").analyse(61_000, List.of(check)).abort(62_000, "aborted by ops");
        StepEvidence evidence = StepEvidence.start(1_000, StepEvidence.Stores.onHeap());
        evidence.addOrder(new OrderEvent(2_000, OrderEventType.ACKED, "o1", "AAA", Side.BUY, "main", "c", true, 1.0,
                100.0, null, 42.0, null, null, null));
        Map<String, Double> markouts = new HashMap<>();
        markouts.put("1s", null);
        markouts.put("5s", 1.5);
        markouts.put("60s", 2.0);
        TcaRecord tca = new TcaRecord("o1", "AAA", 2_000, Side.BUY, "c", true, 1.0, 100.0, 100.0, 100.0, 0.0, 0.5, 42.0,
                markouts, true, true);
        return Stream.of(
                Arguments.of(Rollout.class, rollout),
                Arguments.of(Rollout.class, Rollout.IDLE),
                Arguments.of(StepEvidence.Totals.class, evidence.totals()),
                Arguments.of(StepEvidence.SymbolPsi.class, new StepEvidence.SymbolPsi(5L, 0.12)),
                Arguments.of(RolloutInput.class, RolloutInput.of(tca)),
                Arguments.of(RolloutInput.class, RolloutInput.of(new ControlCommand("c1", 1L, "ops",
                        ControlType.ROLLOUT_START, Map.of("plan", "{}")))),
                Arguments.of(io.canarykit.schema.RolloutStatus.class, RolloutStatuses.of(rollout, 61_000L)));
    }

    @ParameterizedTest
    @MethodSource("samples")
    <T> void rolloutRecordsAreFlinkPojosThatSurviveTheirSerializer(Class<T> type, T sample) {
        assertThat(TypeInformation.of(type)).isInstanceOf(PojoTypeInfo.class);
        KryoFreeTypes.assertNoGenericTypes(type);
        assertThat(StateRoundTrip.roundTrip(type, sample)).usingRecursiveComparison().isEqualTo(sample);
    }
}
