package io.canarykit.operators.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.config.KitConfig;
import io.canarykit.operators.symbol.SymbolEvent;
import io.canarykit.schema.FeatureBins;
import io.canarykit.schema.Feed;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.Side;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** An idle cleanup within a UTC day keeps the symbol's trade counts of that day. */
class SymbolTradeDayIdleTest {

    private static final String CHAMPION = "champion_1";
    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final long DAY = 86_400_000L;
    private static final long TTL = 60_000;

    @Test
    void idleCleanupWithinTheDayKeepsTheDaysTradeCounts() throws Exception {
        try (var h = harness()) {
            h.processBroadcastWatermark(Long.MAX_VALUE);
            quotes(h, T0);
            // Two orders that leave no position: a symbol that holds one is never idle.
            fill(h, T0, "o-1", Side.BUY);
            fill(h, T0, "o-2", Side.SELL);
            h.processWatermark(T0);
            assertThat(lastKpi(h).totalTrades()).isEqualTo(2L);

            // An hour of nothing: the symbol's state goes, but the day's count, the orders it counted and
            // the fill keys stay.
            h.processWatermark(T0 + TTL);
            assertThat(h.numEventTimeTimers())
                    .as("the day's end, which drops the kept counts, and the next day's, which drops the fill keys")
                    .isEqualTo(2);

            quotes(h, T0 + 2 * TTL);
            h.processWatermark(T0 + 2 * TTL);
            assertThat(lastKpi(h).totalTrades()).as("the day's count carried on").isEqualTo(2L);

            // o-1 fills again the same day: still two orders; o-3 is a third. (A second apart: one KPI
            // record a second.)
            fill(h, T0 + 2 * TTL + 1_000, "o-1", Side.BUY);
            h.processWatermark(T0 + 2 * TTL + 1_000);
            assertThat(lastKpi(h).ts()).isEqualTo(T0 + 2 * TTL + 1_000);
            assertThat(lastKpi(h).totalTrades()).isEqualTo(2L);
            fill(h, T0 + 2 * TTL + 2_000, "o-3", Side.SELL);
            h.processWatermark(T0 + 2 * TTL + 2_000);
            assertThat(lastKpi(h).totalTrades()).isEqualTo(3L);

            // The next day starts from zero; once idle with no trades, only the day-old fill keys are left,
            // and they go when that next day ends.
            quotes(h, T0 + DAY);
            h.processWatermark(T0 + DAY);
            assertThat(lastKpi(h).totalTrades()).isZero();
            h.processWatermark(T0 + DAY + TTL);
            assertThat(keyedStateEntries(h)).as("one map: the first day's four fill keys").isEqualTo(1);
            assertThat(h.numEventTimeTimers()).isEqualTo(1);
            h.processWatermark(T0 + 2 * DAY);
            assertThat(keyedStateEntries(h)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void theKeptCountsNeedNoKryo() {
        io.canarykit.operators.flink.state.KryoFreeTypes.assertNoGenericTypes(
                io.canarykit.operators.symbol.TradeDayCounts.class);
    }

    private static KeyedBroadcastOperatorTestHarness<String, SymbolEvent, BroadcastEvent, GateDecision> harness()
            throws Exception {
        ReferenceProfile profile = new ReferenceProfile(CHAMPION,
                Map.of("x", new FeatureBins(new double[] {0.0}, new double[] {0.5, 0.5})));
        GateSettings settings = GateSettings.of(KitConfig.defaults(), List.of(profile), CHAMPION, null, JobClock.EVENT,
                true, TTL);
        return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new SymbolGateFunction(settings), SymbolEvent::symbol, Types.STRING,
                Descriptors.CONTROL_TIMELINE, Descriptors.ACCOUNT_TIMELINE, Descriptors.REFERENCE_TIMELINE);
    }

    private static void quotes(KeyedBroadcastOperatorTestHarness<String, SymbolEvent, BroadcastEvent, GateDecision> h,
            long ts) throws Exception {
        h.processElement(SymbolEvent.of(new MarketQuote(ts, "BTCUSDT", Feed.PRIMARY, 100.0, 100.02, null, null)), ts);
        h.processElement(SymbolEvent.of(new MarketQuote(ts, "BTCUSDT", Feed.REFERENCE, 100.0, 100.02, null, null)), ts);
    }

    private static void fill(KeyedBroadcastOperatorTestHarness<String, SymbolEvent, BroadcastEvent, GateDecision> h,
            long ts, String orderId, Side side) throws Exception {
        h.processElement(SymbolEvent.of(new OrderEvent(ts, OrderEventType.FILL, orderId, "BTCUSDT", side, "main",
                CHAMPION, false, 10.0, 100.0, 100.0, null, 1.0, 100.0, 0.0)), ts);
    }

    private static KpiRecord lastKpi(KeyedBroadcastOperatorTestHarness<String, SymbolEvent, BroadcastEvent, GateDecision> h) {
        List<KpiRecord> kpis = h.getSideOutput(Descriptors.KPIS).stream().map(r -> r.getValue()).toList();
        return kpis.get(kpis.size() - 1);
    }

    private static int keyedStateEntries(KeyedBroadcastOperatorTestHarness<String, SymbolEvent, BroadcastEvent, GateDecision> h) {
        var operator = (AbstractStreamOperator<?>) h.getOperator();
        return ((HeapKeyedStateBackend<?>) operator.getKeyedStateBackend()).numKeyValueStateEntries();
    }
}
