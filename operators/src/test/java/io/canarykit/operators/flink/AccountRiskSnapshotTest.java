package io.canarykit.operators.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.config.KitConfig;
import io.canarykit.operators.account.AccountChange;
import io.canarykit.operators.account.SymbolLedger;
import io.canarykit.operators.risk.AccountView;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.Side;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.memory.MemCheckpointStreamFactory;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFinalizer;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFutures;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The account's watch stays live in its state between changes: a checkpoint taken in the middle of a
 * day of changes, restored into a new account operator, must carry on to exactly the views and KPI
 * records of the one that never stopped, on either backend, with or without the heap layer.
 */
class AccountRiskSnapshotTest {

    private static final long T0 = 1_767_225_600_000L;
    private static final List<String> SYMBOLS = List.of("AAA", "BBB", "CCC");
    private static final int NO_HEAP_LAYER = 0;

    @Test
    void onTheHeapARestoredAccountCarriesOnAsTheOneThatNeverStopped() throws Exception {
        carriesOnAcrossASnapshot(HashMapStateBackend::new, NO_HEAP_LAYER, NO_HEAP_LAYER);
    }

    @Test
    void onRocksDbARestoredAccountCarriesOnAsTheOneThatNeverStopped() throws Exception {
        carriesOnAcrossASnapshot(EmbeddedRocksDBStateBackend::new, NO_HEAP_LAYER, NO_HEAP_LAYER);
    }

    @Test
    void onRocksDbWithTheStateOnTheHeapARestoredAccountCarriesOnAsTheOneThatNeverStopped() throws Exception {
        carriesOnAcrossASnapshot(EmbeddedRocksDBStateBackend::new, 1, 1);
    }

    @Test
    void aCheckpointOfTheStateOnTheHeapRestoresIntoAnAccountThatReadsRocksDbItself() throws Exception {
        carriesOnAcrossASnapshot(EmbeddedRocksDBStateBackend::new, 1, NO_HEAP_LAYER);
    }

    @Test
    void aHeapSnapshotWrittenWhileTheLiveAccountMovesOnKeepsTheFiguresOfItsMoment() throws Exception {
        // The heap backend holds the live watch itself and writes a snapshot while the task goes on:
        // what it writes must be the account at the barrier, not what later changes made of it.
        List<List<AccountEvent>> steps = steps(new Random(7), 200);
        int cut = 100;
        try (var first = harness(new HashMapStateBackend(), null, NO_HEAP_LAYER);
                var twin = harness(new HashMapStateBackend(), null, NO_HEAP_LAYER)) {
            for (int i = 0; i < cut; i++) {
                step(first, steps.get(i), i);
                step(twin, steps.get(i), i);
            }
            OperatorSnapshotFutures running = first.getOperator().snapshotState(1L, T0 + cut * 100L,
                    CheckpointOptions.forCheckpointWithDefaultLocation(), new MemCheckpointStreamFactory(64 << 20));
            for (int i = cut; i < steps.size(); i++) {
                step(first, steps.get(i), i);
            }
            OperatorSubtaskState snapshot = OperatorSnapshotFinalizer.create(running).getJobManagerOwnedState();

            try (var again = harness(new HashMapStateBackend(), snapshot, NO_HEAP_LAYER)) {
                long at = T0 + cut * 100L;
                again.processElement(refresh(at), at);
                again.processWatermark(at);
                twin.processElement(refresh(at), at);
                twin.processWatermark(at);
                assertThat(lastKpi(again)).isEqualTo(lastKpi(twin));
            }
        }
    }

    @Test
    void aRestoredAccountStillStartsTheNextDayWithNoChangeArriving() throws Exception {
        long midnight = T0 + 86_400_000L;
        List<List<AccountEvent>> steps = steps(new Random(3), 50);
        for (Supplier<StateBackend> backend : List.<Supplier<StateBackend>>of(HashMapStateBackend::new,
                EmbeddedRocksDBStateBackend::new)) {
            OperatorSubtaskState snapshot;
            try (var first = harness(backend.get(), null, 1)) {
                for (int i = 0; i < steps.size(); i++) {
                    step(first, steps.get(i), i);
                }
                first.prepareSnapshotPreBarrier(1L);
                snapshot = first.snapshot(1L, T0 + 5_000);
            }
            try (var resumed = harness(backend.get(), snapshot, 1)) {
                // Only time moves on: the day's start comes from the timer registered before the snapshot.
                resumed.processWatermark(midnight + 1_000);
                KpiRecord atMidnight = lastKpi(resumed);
                assertThat(atMidnight.ts()).isEqualTo(midnight);
                assertThat(atMidnight.tradesToday()).isZero();
                assertThat(resumed.extractOutputValues()).last().satisfies(v -> assertThat(v.ts()).isEqualTo(midnight));
            }
        }
    }

    private void carriesOnAcrossASnapshot(Supplier<StateBackend> backend, int keysOnHeap, int resumedKeysOnHeap)
            throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            List<List<AccountEvent>> steps = steps(new Random(seed), 240);
            int cut = 120;
            try (var whole = harness(backend.get(), null, keysOnHeap)) {
                for (int i = 0; i < cut; i++) {
                    step(whole, steps.get(i), i);
                }
                whole.prepareSnapshotPreBarrier(1L);
                OperatorSubtaskState snapshot = whole.snapshot(1L, T0 + cut * 100L);
                int viewsBefore = whole.extractOutputValues().size();
                int kpisBefore = kpis(whole).size();
                for (int i = cut; i < steps.size(); i++) {
                    step(whole, steps.get(i), i);
                }
                whole.processWatermark(Long.MAX_VALUE);
                List<AccountView> expectedViews = tail(whole.extractOutputValues(), viewsBefore);
                List<KpiRecord> expectedKpis = tail(kpis(whole), kpisBefore);
                assertThat(expectedViews).as("seed %d: views after the cut", seed).hasSizeGreaterThan(10);
                assertThat(expectedKpis).as("seed %d: KPI records after the cut", seed).hasSizeGreaterThan(5);

                try (var resumed = harness(backend.get(), snapshot, resumedKeysOnHeap)) {
                    for (int i = cut; i < steps.size(); i++) {
                        step(resumed, steps.get(i), i);
                    }
                    resumed.processWatermark(Long.MAX_VALUE);
                    assertThat(resumed.extractOutputValues()).as("seed %d: views", seed).isEqualTo(expectedViews);
                    assertThat(kpis(resumed)).as("seed %d: KPI records", seed).isEqualTo(expectedKpis);
                }
            }
        }
    }

    private static <T> List<T> tail(List<T> all, int from) {
        return new ArrayList<>(all.subList(from, all.size()));
    }

    private static List<KpiRecord> kpis(KeyedOneInputStreamOperatorTestHarness<String, AccountEvent, AccountView> h) {
        var side = h.getSideOutput(Descriptors.KPIS);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    private static KpiRecord lastKpi(KeyedOneInputStreamOperatorTestHarness<String, AccountEvent, AccountView> h) {
        List<KpiRecord> all = kpis(h);
        return all.get(all.size() - 1);
    }

    private static void step(KeyedOneInputStreamOperatorTestHarness<String, AccountEvent, AccountView> h,
            List<AccountEvent> events, int i) throws Exception {
        for (AccountEvent e : events) {
            h.processElement(e, e.ts());
        }
        h.processWatermark(T0 + i * 100L);
    }

    private static AccountEvent refresh(long ts) {
        return AccountEvent.control(new ControlCommand("r-" + ts, ts, "ops", ControlType.REFRESH, Map.of()));
    }

    /**
     * What three symbols' ledgers send the account: orders placed, acked and filled both ways, marks of
     * the positions they hold, and a set_limits and a risk_reset on the way.
     */
    private static List<List<AccountEvent>> steps(Random random, int n) {
        Map<String, SymbolLedger> ledgers = new LinkedHashMap<>();
        SYMBOLS.forEach(s -> ledgers.put(s, SymbolLedger.create(SymbolLedger.Stores.onHeap())));
        List<List<AccountEvent>> steps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t = T0 + i * 100L;
            List<AccountEvent> events = new ArrayList<>();
            for (String symbol : SYMBOLS) {
                SymbolLedger ledger = ledgers.get(symbol);
                double mid = 100 + random.nextGaussian() * 0.5;
                if (i % 4 == 0) {
                    String id = symbol + "-" + i;
                    Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
                    boolean canary = random.nextInt(4) == 0;
                    add(events, ledger.order(order(t, OrderEventType.PLACED, id, symbol, side, canary, null, null, null, mid),
                            AccountRiskSnapshotTest::fail));
                    add(events, ledger.order(order(t + 1, OrderEventType.ACKED, id, symbol, side, canary,
                            5.0 + random.nextInt(80), null, null, null), AccountRiskSnapshotTest::fail));
                    add(events, ledger.order(order(t + 2, OrderEventType.FILL, id, symbol, side, canary, null,
                            1.0 + random.nextInt(3), mid + 0.01, null), AccountRiskSnapshotTest::fail));
                }
                add(events, ledger.mark(symbol, t + 3, mid, AccountRiskSnapshotTest::fail));
            }
            if (i == 60 || i == 150) {
                events.add(AccountEvent.control(new ControlCommand("l-" + i, t + 4, "ops", ControlType.SET_LIMITS,
                        Map.of("MAX_TRADES_PER_DAY", String.valueOf(500 + i)))));
            }
            if (i == 90 || i == 180) {
                events.add(AccountEvent.control(new ControlCommand("r-" + i, t + 4, "ops", ControlType.RISK_RESET, Map.of())));
            }
            steps.add(events);
        }
        return steps;
    }

    private static void add(List<AccountEvent> events, AccountChange change) {
        if (change != null) {
            events.add(AccountEvent.change(change));
        }
    }

    private static OrderEvent order(long t, OrderEventType type, String id, String symbol, Side side, boolean canary,
            Double placeMs, Double fillQty, Double fillPx, Double arrivalMid) {
        boolean placed = type == OrderEventType.PLACED;
        return new OrderEvent(t, type, id, symbol, side, "main", canary ? "challenger_1" : "champion_1", canary,
                placed || fillQty != null ? 1.0 : null, null, arrivalMid != null ? arrivalMid : fillPx,
                placeMs, fillQty, fillPx, fillQty == null ? null : 0.1);
    }

    private static void fail(Object bad, io.canarykit.schema.codec.RejectReason reason, String detail) {
        throw new AssertionError(reason + ": " + detail);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, AccountEvent, AccountView> harness(
            StateBackend backend, OperatorSubtaskState restoreFrom, int keysOnHeap) throws Exception {
        GateSettings settings = GateSettings.of(KitConfig.defaults().with(Map.of("MAX_TRADES_PER_DAY", "1000")),
                List.of(), "champion_1", null, JobClock.EVENT, true, 3_600_000L);
        OneInputStreamOperator<AccountEvent, AccountView> operator = keysOnHeap == NO_HEAP_LAYER
                ? new KeyedProcessOperator<>(new AccountRiskFunction(settings))
                : new WriteBehindKeyedOperator<>(new AccountRiskFunction(settings), WriteBehindSettings.atCheckpoints(keysOnHeap));
        var h = new KeyedOneInputStreamOperatorTestHarness<>(operator, (AccountEvent e) -> AccountEvent.ACCOUNT_KEY,
                Types.STRING, 128, 1, 0);
        h.setStateBackend(backend);
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        return h;
    }
}
