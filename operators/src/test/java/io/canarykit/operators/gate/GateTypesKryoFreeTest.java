package io.canarykit.operators.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.operators.flink.state.KryoFreeTypes;
import io.canarykit.operators.flink.state.StateRoundTrip;
import io.canarykit.operators.risk.AccountTimeline;
import io.canarykit.operators.risk.AccountView;
import io.canarykit.operators.risk.PositionBook;
import io.canarykit.operators.risk.RiskBudget;
import io.canarykit.operators.risk.RiskLimits;
import io.canarykit.operators.risk.RiskSnapshot;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.Side;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GateTypesKryoFreeTest {

    static Stream<Arguments> samples() {
        GateLimits limits = TestLimits.withLiveTrading(TestLimits.withSymbolSlippageSlo(GateLimits.defaults(), "BTCUSDT", 8.0), true);
        // Nulls where the records allow them: no challenger, no pin, signals without a value.
        ControlState control = ControlState.initial(Healthy.CHAMPION, null);
        SymbolSignals signals = new SymbolSignals(null, 0.0, null, null, SloSignals.NONE, true, null,
                new SloSignals(120.0, 30, 0.0, 30, null), false, true, true);
        return Stream.of(
                Arguments.of(GateVerdict.class, Healthy.decide(Healthy.symbol().psi(0.25))),
                Arguments.of(GateVerdict.class,
                        GateCombiner.decide(Healthy.SYMBOL, signals, Healthy.account().build(), control, limits)),
                Arguments.of(ControlState.class, control),
                Arguments.of(ControlState.class, Healthy.control()),
                Arguments.of(RiskLimits.class, new RiskLimits(250_000, 0.02, 12, 0.0)),
                Arguments.of(RiskSnapshot.class, new RiskBudget(new RiskLimits(1e5, 0.01, 8, 0.25), 0).snapshot()),
                Arguments.of(AccountSignals.class, new AccountSignals(0.5, 0.004, 1, null)),
                Arguments.of(SymbolSignals.class, signals),
                Arguments.of(SymbolSignals.class, Healthy.symbol().build()),
                Arguments.of(SloSignals.class, SloSignals.NONE),
                Arguments.of(AccountTimeline.class, accountsWithDroppedSlots()),
                Arguments.of(ControlTimeline.class, controlWithFoldedSlots(control)),
                Arguments.of(ControlTimeline.class, ControlTimeline.startingAt(control, limits.config())),
                Arguments.of(ControlTimeline.Step.class,
                        new ControlTimeline.Step(command(100, ControlType.ARM, Map.of()), control, Map.of())),
                Arguments.of(ControlTimeline.Step.class, new ControlTimeline.Step(
                        command(200, ControlType.SET_LIMITS, Map.of("MAX_OPEN_POSITIONS", "1")), control,
                        Map.of("MAX_OPEN_POSITIONS", "1", "SLIPPAGE_SLO_BPS_BTCUSDT", "8"))),
                Arguments.of(RiskBudget.State.class, riskState()),
                Arguments.of(PositionBook.State.class, riskState().book()),
                Arguments.of(PositionBook.Holding.class, new PositionBook.Holding(-2.5, 101.25, 99.5, 7L)),
                Arguments.of(PositionBook.Holding.class,
                        new PositionBook.Holding(0.0, 0.0, Double.NaN, Long.MIN_VALUE)),
                Arguments.of(AccountView.class, new AccountView(9L, 0.75, 0.002, 2, null, 150.0)));
    }

    /** Dropped slots wait for compaction, so the state holds more than the timeline's views. */
    private static AccountTimeline accountsWithDroppedSlots() {
        AccountTimeline timeline = AccountTimeline.startingWith(AccountView.fresh(0));
        for (long ts = 100; ts <= 400; ts += 100) {
            timeline.add(new AccountView(ts, 0.5, 0.01, 2, 0.1, 150.0));
        }
        timeline.dropBefore(250);
        return timeline;
    }

    /** Folded slots wait for compaction, and the commands held set limits and hold arguments. */
    private static ControlTimeline controlWithFoldedSlots(ControlState control) {
        ControlTimeline timeline = ControlTimeline.startingAt(control);
        timeline.add(command(100, ControlType.ARM, Map.of()));
        timeline.add(command(200, ControlType.SET_LIMITS, Map.of("MAX_OPEN_POSITIONS", "1")));
        timeline.add(command(300, ControlType.CANARY_SHARE, Map.of("pct", "0.05")));
        timeline.add(command(400, ControlType.PIN, Map.of("model_id", "champion_1")));
        timeline.foldUpTo(150);
        return timeline;
    }

    private static ControlCommand command(long ts, ControlType type, Map<String, String> args) {
        return new ControlCommand("c" + ts, ts, "ops", type, args);
    }


    // Two open positions, one of them marked, so the book's list and totals are not empty.
    private static RiskBudget.State riskState() {
        RiskBudget budget = new RiskBudget(new RiskLimits(1e5, 0.01, 8, 0.25), 0);
        budget.onFill(new OrderEvent(1, OrderEventType.FILL, "o-1", "AAA", Side.BUY, "main", "m", true, 2.0, 100.0,
                null, null, 2.0, 100.0, 0.5));
        budget.onFill(new OrderEvent(2, OrderEventType.FILL, "o-2", "BBB", Side.SELL, "main", "m", false, 1.0, 40.0,
                null, null, 1.0, 40.0, null));
        budget.onMark("AAA", 3, 101.0);
        return budget.state();
    }

    @ParameterizedTest
    @MethodSource("samples")
    <T> void gateAndRiskRecordsAreFlinkPojosThatSurviveTheirSerializer(Class<T> type, T sample) {
        assertThat(TypeInformation.of(type)).isInstanceOf(PojoTypeInfo.class);
        KryoFreeTypes.assertNoGenericTypes(type);
        assertThat(StateRoundTrip.roundTrip(type, sample)).isEqualTo(sample);
    }
}
