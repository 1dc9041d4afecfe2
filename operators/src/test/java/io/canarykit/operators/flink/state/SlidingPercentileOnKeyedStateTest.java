package io.canarykit.operators.flink.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.operators.signals.SlidingPercentile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * A {@link SlidingPercentile} held as the job holds it, its counts in ValueState and its buckets in
 * MapState, restored for every element: it answers as a sorted list of the same values does.
 */
class SlidingPercentileOnKeyedStateTest {

    /** A step for the function under test: add {@code value}, or remove one copy of it. */
    public static final class Step {
        public String key;
        public double value;
        public boolean remove;

        public Step() {}

        Step(String key, double value, boolean remove) {
            this.key = key;
            this.value = value;
            this.remove = remove;
        }
    }

    /** Applies a step to the key's percentile and emits its size, p95 and extremes; an empty one leaves no state. */
    static final class PercentileDriver extends KeyedProcessFunction<String, Step, String> {
        private transient ValueState<SlidingPercentile.State> counts;
        private transient KeyedMapStore<Integer, SlidingPercentile.Bucket> buckets;

        @Override
        public void open(OpenContext openContext) {
            counts = getRuntimeContext().getState(new ValueStateDescriptor<>(
                    "place-ms-counts", TypeInformation.of(SlidingPercentile.State.class)));
            buckets = KeyedMapStore.register(getRuntimeContext(), "place-ms-buckets", Types.INT,
                    TypeInformation.of(SlidingPercentile.Bucket.class));
        }

        @Override
        public void processElement(Step step, Context ctx, Collector<String> out) throws Exception {
            SlidingPercentile.State held = counts.value();
            SlidingPercentile p = held == null ? SlidingPercentile.create(buckets) : SlidingPercentile.restore(held, buckets);
            if (step.remove) {
                p.remove(step.value);
            } else {
                p.add(step.value);
            }
            if (p.isEmpty()) {
                out.collect(describe(step.key, 0, null, null, null));
                counts.clear();
                return;
            }
            out.collect(describe(step.key, p.size(), p.quantile(0.95), p.kthSmallest(1), p.kthSmallest(p.size())));
            counts.update(p.state());
        }
    }

    static String describe(String key, int size, Double p95, Double min, Double max) {
        return key + " size=" + size + " p95=" + p95 + " min=" + min + " max=" + max;
    }

    @Test
    void matchesASortedListOnRocksDb() throws Exception {
        assertMatchesSortedLists(new EmbeddedRocksDBStateBackend(), 7);
    }

    @Test
    void matchesASortedListOnTheHashMapBackend() throws Exception {
        assertMatchesSortedLists(new HashMapStateBackend(), 11);
    }

    @Test
    void leavesNoStateBehindOnceEveryValueIsRemoved() throws Exception {
        // The heap backend, because only it can count its entries for the harness.
        try (var harness = harness(new HashMapStateBackend())) {
            for (double v : new double[] {0.0, 25.0, 25.0, 300.0, 1e12}) {
                harness.processElement(new Step("BTC", v, false), 0);
            }
            assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
            for (double v : new double[] {25.0, 1e12, 0.0, 300.0, 25.0}) {
                harness.processElement(new Step("BTC", v, true), 0);
            }

            assertThat(harness.extractOutputValues()).last().isEqualTo(describe("BTC", 0, null, null, null));
            assertThat(harness.numKeyedStateEntries()).isZero();
        }
    }

    private static void assertMatchesSortedLists(StateBackend backend, long seed) throws Exception {
        Random random = new Random(seed);
        String[] keys = {"BTC", "ETH", "SOL"};
        List<List<Double>> sorted = new ArrayList<>();
        for (int k = 0; k < keys.length; k++) {
            sorted.add(new ArrayList<>());
        }
        List<String> expected = new ArrayList<>();
        try (var harness = harness(backend)) {
            for (int i = 0; i < 4_000; i++) {
                int k = random.nextInt(keys.length);
                List<Double> held = sorted.get(k);
                boolean remove = !held.isEmpty() && random.nextInt(10) < 4;
                double v = remove ? held.remove(random.nextInt(held.size())) : randomPlaceMs(random);
                if (!remove) {
                    int at = Collections.binarySearch(held, v);
                    held.add(at < 0 ? -at - 1 : at, v);
                }
                expected.add(held.isEmpty() ? describe(keys[k], 0, null, null, null)
                        : describe(keys[k], held.size(), held.get((95 * held.size() + 99) / 100 - 1), held.get(0),
                                held.get(held.size() - 1)));
                harness.processElement(new Step(keys[k], v, remove), 0);
            }
            assertThat(harness.extractOutputValues()).containsExactlyElementsOf(expected);
        }
    }

    /** Whole milliseconds mostly, sometimes fractions, zero, or far past the last octave. */
    private static double randomPlaceMs(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> random.nextInt(100_000) / 64.0;
            case 1 -> 0.0;
            case 2 -> 65_536.0 + random.nextInt(5);
            default -> 1 + random.nextInt(400);
        };
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Step, String> harness(StateBackend backend)
            throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new PercentileDriver()), (Step s) -> s.key, Types.STRING);
        harness.setStateBackend(backend);
        harness.open();
        return harness;
    }
}
