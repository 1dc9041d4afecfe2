package io.canarykit.operators.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.config.KitConfig;
import io.canarykit.operators.symbol.SymbolEvent;
import io.canarykit.schema.FeatureBins;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.Feed;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.TcaRecord;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The symbol's watch is changed in place on the heap backend and rebuilt per event on RocksDB: a
 * checkpoint taken in the middle of a replay, restored into a new gate, must carry on to exactly the
 * decisions, KPI and TCA records of the gate that never stopped, on either backend.
 */
class SymbolGateSnapshotTest {

    private static final String CHAMPION = "champion_1";
    private static final long T0 = 1_767_225_600_000L;
    private static final List<String> SYMBOLS = List.of("AAA", "BBB", "CCC");
    private static final int NO_HEAP_LAYER = 0;

    @Test
    void onTheHeapARestoredGateCarriesOnAsTheOneThatNeverStopped() throws Exception {
        carriesOnAcrossASnapshot(HashMapStateBackend::new);
    }

    @Test
    void onRocksDbARestoredGateCarriesOnAsTheOneThatNeverStopped() throws Exception {
        carriesOnAcrossASnapshot(EmbeddedRocksDBStateBackend::new);
    }

    @Test
    void onRocksDbWithTheStateOnTheHeapARestoredGateCarriesOnAsTheOneThatNeverStopped() throws Exception {
        // Two of the three symbols fit on the heap, so symbols leave it and come back throughout.
        carriesOnAcrossASnapshot(EmbeddedRocksDBStateBackend::new, 2, 2);
    }

    @Test
    void aCheckpointOfTheStateOnTheHeapRestoresIntoAGateThatReadsRocksDbItself() throws Exception {
        carriesOnAcrossASnapshot(EmbeddedRocksDBStateBackend::new, 100, NO_HEAP_LAYER);
    }

    private void carriesOnAcrossASnapshot(java.util.function.Supplier<StateBackend> backend) throws Exception {
        carriesOnAcrossASnapshot(backend, NO_HEAP_LAYER, NO_HEAP_LAYER);
    }

    private void carriesOnAcrossASnapshot(java.util.function.Supplier<StateBackend> backend, int keysOnHeap,
            int resumedKeysOnHeap) throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            List<List<SymbolEvent>> steps = steps(new Random(seed), 240);
            int cut = 120;
            try (var whole = harness(backend.get(), null, keysOnHeap)) {
                for (int i = 0; i < cut; i++) {
                    step(whole, steps.get(i), i);
                }
                // As a task checkpoints: the operator's work before the barrier, then the snapshot.
                whole.prepareSnapshotPreBarrier(1L);
                OperatorSubtaskState snapshot = whole.snapshot(1L, T0 + cut * 100L);
                Outputs before = Outputs.of(whole);
                for (int i = cut; i < steps.size(); i++) {
                    step(whole, steps.get(i), i);
                }
                whole.processWatermark(Long.MAX_VALUE);
                Outputs expected = Outputs.of(whole).after(before);
                for (String symbol : SYMBOLS) {
                    assertThat(expected.decisions(symbol)).as("seed %d: %s decides", seed, symbol).isNotEmpty();
                    assertThat(expected.tca(symbol)).as("seed %d: %s fills", seed, symbol).isNotEmpty();
                }

                try (var resumed = harness(backend.get(), snapshot, resumedKeysOnHeap)) {
                    for (int i = cut; i < steps.size(); i++) {
                        step(resumed, steps.get(i), i);
                    }
                    resumed.processWatermark(Long.MAX_VALUE);
                    Outputs got = Outputs.of(resumed);
                    for (String symbol : SYMBOLS) {
                        assertThat(firstDifference(got.tca(symbol), expected.tca(symbol)))
                                .as("seed %d: TCA of %s", seed, symbol).isNull();
                        assertThat(firstDifference(got.decisions(symbol), expected.decisions(symbol)))
                                .as("seed %d: decisions of %s", seed, symbol).isNull();
                        assertThat(firstDifference(got.kpis(symbol), expected.kpis(symbol)))
                                .as("seed %d: KPI records of %s", seed, symbol).isNull();
                    }
                }
            }
        }
    }

    /** The first record where two outputs part, with both sides, or null when they are equal. */
    private static String firstDifference(List<?> got, List<?> expected) {
        for (int i = 0; i < Math.max(got.size(), expected.size()); i++) {
            Object a = i < got.size() ? got.get(i) : null;
            Object b = i < expected.size() ? expected.get(i) : null;
            if (!java.util.Objects.equals(a, b)) {
                return "at " + i + " of " + expected.size() + ":\n  got      " + a + "\n  expected " + b;
            }
        }
        return null;
    }

    /**
     * What the gate sent. Each symbol's records keep their order; across symbols, timers of one
     * timestamp fire in the order of the timer queue, which a restore may rebuild differently.
     */
    private record Outputs(List<GateDecision> decisions, List<KpiRecord> kpis, List<TcaRecord> tca) {
        static Outputs of(KeyedBroadcastOperatorTestHarness<String, SymbolEvent, BroadcastEvent, GateDecision> h) {
            return new Outputs(new ArrayList<>(h.extractOutputValues()),
                    h.getSideOutput(Descriptors.KPIS) == null ? List.of()
                            : h.getSideOutput(Descriptors.KPIS).stream().map(r -> r.getValue()).toList(),
                    h.getSideOutput(Descriptors.TCA) == null ? List.of()
                            : h.getSideOutput(Descriptors.TCA).stream().map(r -> r.getValue()).toList());
        }

        Outputs after(Outputs earlier) {
            return new Outputs(decisions.subList(earlier.decisions.size(), decisions.size()),
                    kpis.subList(earlier.kpis.size(), kpis.size()), tca.subList(earlier.tca.size(), tca.size()));
        }

        List<GateDecision> decisions(String symbol) {
            return decisions.stream().filter(d -> d.symbol().equals(symbol)).toList();
        }

        List<KpiRecord> kpis(String symbol) {
            return kpis.stream().filter(k -> symbol.equals(k.symbol())).toList();
        }

        List<TcaRecord> tca(String symbol) {
            return tca.stream().filter(r -> r.symbol().equals(symbol)).toList();
        }
    }

    private static void step(KeyedBroadcastOperatorTestHarness<String, SymbolEvent, BroadcastEvent, GateDecision> h,
            List<SymbolEvent> events, int i) throws Exception {
        for (SymbolEvent e : events) {
            h.processElement(e, e.ts());
        }
        h.processWatermark(T0 + i * 100L);
    }

    /** Quotes of both feeds, feature vectors and orders placed, acked and filled, over three symbols. */
    private static List<List<SymbolEvent>> steps(Random random, int n) {
        List<List<SymbolEvent>> steps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t = T0 + i * 100L;
            List<SymbolEvent> events = new ArrayList<>();
            for (String symbol : SYMBOLS) {
                double mid = 100 + random.nextGaussian() * 0.05;
                events.add(SymbolEvent.of(new MarketQuote(t, symbol, Feed.PRIMARY, mid - 0.01, mid + 0.01, null, null)));
                if (random.nextBoolean()) {
                    events.add(SymbolEvent.of(new MarketQuote(t, symbol, Feed.REFERENCE, mid - 0.01, mid + 0.01, null, null)));
                }
                events.add(SymbolEvent.of(new FeatureVector(t, symbol, CHAMPION, Map.of("x", random.nextGaussian()))));
                if (i % 5 == 0) {
                    String id = symbol + "-" + i;
                    Side side = (i / 5) % 2 == 0 ? Side.BUY : Side.SELL;
                    events.add(order(t, OrderEventType.PLACED, id, symbol, side, mid, null, null, null));
                    events.add(order(t + 1, OrderEventType.ACKED, id, symbol, side, null, 5.0 + random.nextInt(80), null, null));
                    events.add(order(t + 2, OrderEventType.FILL, id, symbol, side, null, null, 1.0, mid + 0.01));
                }
            }
            steps.add(events);
        }
        return steps;
    }

    private static SymbolEvent order(long t, OrderEventType type, String id, String symbol, Side side, Double arrivalMid,
            Double placeMs, Double fillQty, Double fillPx) {
        return SymbolEvent.of(new OrderEvent(t, type, id, symbol, side, "main", CHAMPION, false,
                type == OrderEventType.PLACED ? 1.0 : null, null, arrivalMid, placeMs, fillQty, fillPx, null));
    }

    private static KeyedBroadcastOperatorTestHarness<String, SymbolEvent, BroadcastEvent, GateDecision> harness(
            StateBackend backend, OperatorSubtaskState restoreFrom, int keysOnHeap) throws Exception {
        ReferenceProfile profile = new ReferenceProfile(CHAMPION,
                Map.of("x", new FeatureBins(new double[] {0.0}, new double[] {0.5, 0.5})));
        GateSettings settings = GateSettings.of(KitConfig.defaults().with(Map.of("MAX_TRADES_PER_DAY", "1000")),
                List.of(profile), CHAMPION, null, JobClock.EVENT, true, 3_600_000L);
        List<org.apache.flink.api.common.state.MapStateDescriptor<?, ?>> broadcast =
                List.of(Descriptors.CONTROL_TIMELINE, Descriptors.ACCOUNT_TIMELINE, Descriptors.REFERENCE_TIMELINE);
        var operator = keysOnHeap == NO_HEAP_LAYER
                ? new CoBroadcastWithKeyedOperator<>(new SymbolGateFunction(settings), broadcast)
                : new WriteBehindBroadcastOperator<>(new SymbolGateFunction(settings), broadcast,
                        WriteBehindSettings.atCheckpoints(keysOnHeap));
        var h = new KeyedBroadcastOperatorTestHarness<>(operator, SymbolEvent::symbol, Types.STRING, 128, 1, 0);
        h.setStateBackend(backend);
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        h.processBroadcastWatermark(Long.MAX_VALUE);
        return h;
    }
}
