package io.canarykit.operators.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.config.KitConfig;
import io.canarykit.operators.account.AccountChange;
import io.canarykit.operators.account.SymbolLedger;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import io.canarykit.operators.risk.AccountView;
import io.canarykit.schema.FeatureBins;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.Side;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class AccountRiskFunctionTest {

    private static final long T0 = 1_767_225_600_000L;

    private static KeyedOneInputStreamOperatorTestHarness<String, AccountEvent, AccountView> harness() throws Exception {
        return harness(JobClock.EVENT);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, AccountEvent, AccountView> harness(JobClock clock)
            throws Exception {
        ReferenceProfile profile = new ReferenceProfile("champion_1",
                Map.of("x", new FeatureBins(new double[] {0.0}, new double[] {0.5, 0.5})));
        GateSettings settings = GateSettings.of(KitConfig.defaults(), List.of(profile), "champion_1", null,
                clock, true, 3_600_000L);
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new AccountRiskFunction(settings), e -> AccountEvent.ACCOUNT_KEY, Types.STRING);
    }

    @Test
    void theGlobalRecordIsDueOncePerIntervalWhileChangesArrive() throws Exception {
        try (var h = harness()) {
            h.processElement(change(placed(T0, "o-1")), T0);
            h.processElement(change(placed(T0 + 1, "o-2")), T0 + 1);
            h.processElement(change(placed(T0 + 1_000, "o-3")), T0 + 1_000);
            h.processWatermark(T0 + 1_000);

            List<KpiRecord> kpis = h.getSideOutput(Descriptors.KPIS).stream().map(StreamRecord::getValue).toList();
            // The _global record is due a second after the first one; T0 + 1 falls inside the interval.
            assertThat(kpis).extracting(KpiRecord::ts).containsExactly(T0, T0 + 1_000);
            assertThat(kpis.get(kpis.size() - 1).samples()).containsEntry("placed", 3L);
        }
    }

    @Test
    void aNewUtcDayStartsTheBudgetAfreshWithNoChangeArriving() throws Exception {
        long day = 86_400_000L;
        try (var h = harness()) {
            h.processElement(change(fill(T0 + 5, "o-1", 1.0, 100.0)), T0 + 5);
            h.processWatermark(T0 + 5);
            // A quote of another symbol moves event time past midnight: no change reaches the account.
            h.processWatermark(T0 + day + 600);

            List<KpiRecord> kpis = h.getSideOutput(Descriptors.KPIS).stream().map(StreamRecord::getValue).toList();
            KpiRecord atMidnight = kpis.get(kpis.size() - 1);
            assertThat(atMidnight.ts()).isEqualTo(T0 + day);
            assertThat(atMidnight.tradesToday()).isZero();
            assertThat(h.extractOutputValues()).last().satisfies(v -> assertThat(v.ts()).isEqualTo(T0 + day));
        }
    }

    @Test
    void eachDaysStartComesWhileNoChangeArrivesForDays() throws Exception {
        long day = 86_400_000L;
        try (var h = harness()) {
            for (int i = 0; i < 20; i++) {
                h.processElement(change(fill(T0 + 5 + i, "o-" + i, 1.0, 100.0)), T0 + 5 + i);
            }
            h.processWatermark(T0 + 100);
            // Event time runs on for three days with no change: each midnight's timer sets the next one.
            h.processWatermark(T0 + 3 * day + 600);

            List<Long> ts = h.getSideOutput(Descriptors.KPIS).stream().map(StreamRecord::getValue).map(KpiRecord::ts)
                    .filter(t -> t >= T0 + day).toList();
            assertThat(ts).containsExactly(T0 + day, T0 + 2 * day, T0 + 3 * day);
        }
    }

    @Test
    void anInputThatEndsBeforeMidnightSendsNothingForTheNextDay() throws Exception {
        try (var h = harness()) {
            h.processElement(change(fill(T0 + 5, "o-1", 1.0, 100.0)), T0 + 5);
            h.processWatermark(Long.MAX_VALUE);

            List<KpiRecord> kpis = h.getSideOutput(Descriptors.KPIS).stream().map(StreamRecord::getValue).toList();
            assertThat(kpis).extracting(KpiRecord::ts).containsExactly(T0 + 5);
        }
    }

    @Test
    void liveSendsAViewThatMayChangeAGateAtOnceAndHoldsTheRestForAnInterval() throws Exception {
        try (var h = harness(JobClock.LIVE)) {
            h.setProcessingTime(T0);
            h.processElement(change(fill(T0, "o-1", 1_000.0, 100.0)), T0);
            // The fill opens a position: a view at once.
            assertThat(h.extractOutputValues()).singleElement()
                    .satisfies(v -> assertThat(v.openPositions()).isEqualTo(1));

            for (int i = 1; i <= 50; i++) {
                h.processElement(mark(T0 + i, 100.0 - i * 0.001), T0 + i);
            }
            // Fifty marks that only move the P&L: nothing yet.
            assertThat(h.extractOutputValues()).hasSize(1);

            h.setProcessingTime(T0 + AccountRiskFunction.LIVE_VIEW_INTERVAL_MS);
            List<AccountView> views = h.extractOutputValues();
            assertThat(views).hasSize(2);
            // The newest of them, 50 marks in: 1,000 x 0.05 lost from the start of day's 100,000.
            assertThat(views.get(1).ts()).isEqualTo(T0 + 50);
            assertThat(views.get(1).ddSinceReset()).isCloseTo(50.0 / 100_000, org.assertj.core.api.Assertions.within(1e-12));

            // A 2% fall spends the day's 1% drawdown: the budget's gate goes out at once.
            h.processElement(mark(T0 + 60, 98.0), T0 + 60);
            views = h.extractOutputValues();
            assertThat(views).hasSize(3);
            assertThat(views.get(2).budgetLeft()).isZero();
        }
    }

    @Test
    void refreshSendsTheGlobalRecordAtOnceComputedAtItsTime() throws Exception {
        try (var h = harness()) {
            // Buy 10 @ 100 with a 1.0 fee at T0; primary mid 103 at T0 + 200.
            h.processElement(change(new OrderEvent(T0, OrderEventType.FILL, "o-1", "BTCUSDT", Side.BUY,
                    "main", "champion_1", false, 10.0, 100.0, 100.0, null, 10.0, 100.0, 1.0)), T0);
            h.processElement(mark(T0 + 200, 103.0), T0 + 200);
            h.processElement(AccountEvent.control(new ControlCommand("c-1", T0 + 300, "ops", ControlType.REFRESH,
                    Map.of())), T0 + 300);
            h.processWatermark(T0 + 300);

            List<KpiRecord> kpis = h.getSideOutput(Descriptors.KPIS).stream().map(StreamRecord::getValue).toList();
            // T0's record opens the interval; T0 + 200 is inside it; the refresh sends T0 + 300 anyway.
            assertThat(kpis).extracting(KpiRecord::ts).containsExactly(T0, T0 + 300);
            KpiRecord k = kpis.get(1);
            // Equity 100,000 - 1 (fee) + 10 x (103 - 100) = 100,029, also the day's peak.
            assertThat(k.equity()).isEqualTo(100_029.0);
            assertThat(k.startOfDayEquity()).isEqualTo(100_000.0);
            assertThat(k.peakEquity()).isEqualTo(100_029.0);
            assertThat(k.realisedPnl()).isEqualTo(0.0);
            assertThat(k.fees()).isEqualTo(1.0);
            assertThat(k.unrealisedPnl()).isEqualTo(30.0);
            assertThat(k.ddToday()).isEqualTo(0.0);
            assertThat(k.ddSinceReset()).isEqualTo(0.0);
            assertThat(k.tradesToday()).isEqualTo(1L);
            assertThat(k.tradesSinceReset()).isEqualTo(1L);
        }
    }

    @Test
    void theViewCarriesTheRiskPerTradeOfTheStartOfDayEquity() throws Exception {
        try (var h = harness()) {
            h.processElement(change(placed(T0, "o-1")), T0);
            h.processWatermark(T0);
            // 100,000 x RISK_PER_TRADE_PCT 0.0015 = 150.
            assertThat(h.extractOutputValues()).singleElement()
                    .satisfies(v -> assertThat(v.riskPerTrade()).isCloseTo(150.0,
                            org.assertj.core.api.Assertions.within(1e-9)));
        }
    }

    // The symbol's ledger that makes the account's input, as the job keeps one per symbol.
    private final SymbolLedger ledger = SymbolLedger.create(SymbolLedger.Stores.onHeap());

    private AccountEvent change(OrderEvent order) {
        AccountChange change = ledger.order(order, (bad, reason, detail) -> {
            throw new AssertionError(reason + ": " + detail);
        });
        assertThat(change).as("what %s changes on the account", order).isNotNull();
        return AccountEvent.change(change);
    }

    private AccountEvent mark(long ts, double mid) {
        AccountChange change = ledger.mark("BTCUSDT", ts, mid, (bad, reason, detail) -> {
            throw new AssertionError(reason + ": " + detail);
        });
        assertThat(change).as("a held position's mark at %d", ts).isNotNull();
        return AccountEvent.change(change);
    }

    private static OrderEvent placed(long ts, String orderId) {
        return new OrderEvent(ts, OrderEventType.PLACED, orderId, "BTCUSDT", Side.BUY, "main", "champion_1", false,
                1.0, null, 100.0, null, null, null, null);
    }

    private static OrderEvent fill(long ts, String orderId, double qty, double px) {
        return new OrderEvent(ts, OrderEventType.FILL, orderId, "BTCUSDT", Side.BUY, "main", "champion_1", false,
                qty, px, px, null, qty, px, 0.0);
    }
}
