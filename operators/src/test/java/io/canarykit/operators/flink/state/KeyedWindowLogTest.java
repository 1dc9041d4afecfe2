package io.canarykit.operators.flink.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.operators.window.EventTimeWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

class KeyedWindowLogTest {

    private static final long W = 1_000;

    /** A step for the function under test: add {@code value} at {@code ts}, or advance to {@code ts}. */
    public static final class Step {
        public String key;
        public long ts;
        public int value;
        public boolean advance;

        public Step() {}

        Step(String key, long ts, int value, boolean advance) {
            this.key = key;
            this.ts = ts;
            this.value = value;
            this.advance = advance;
        }
    }

    /** Emits, for every advance, the sorted evicted values followed by the remaining size and oldest ts. */
    static final class LogDriver extends KeyedProcessFunction<String, Step, String> {
        private transient KeyedWindowLog<Integer> log;

        @Override
        public void open(OpenContext openContext) {
            log = KeyedWindowLog.register(getRuntimeContext(), "test", W, Types.INT);
        }

        @Override
        public void processElement(Step step, Context ctx, Collector<String> out) {
            if (!step.advance) {
                log.add(step.ts, step.value);
                return;
            }
            List<Integer> evicted = new ArrayList<>();
            log.advanceTo(step.ts, evicted::add);
            out.collect(describe(step.key, evicted, log.size(), log.oldestTs()));
            if (log.isEmpty()) {
                log.clear();
            }
        }
    }

    static String describe(String key, List<Integer> evicted, int size, long oldest) {
        List<Integer> sorted = new ArrayList<>(evicted);
        sorted.sort(null);
        return key + " evicted=" + sorted + " size=" + size + " oldest=" + oldest;
    }

    @Test
    void matchesTheHeapWindowOnRocksDb() throws Exception {
        assertMatchesHeapWindow(new EmbeddedRocksDBStateBackend(), 7);
    }

    @Test
    void matchesTheHeapWindowOnTheHashMapBackend() throws Exception {
        assertMatchesHeapWindow(new HashMapStateBackend(), 11);
    }

    @Test
    void leavesNoStateBehindOnceEveryEventIsEvicted() throws Exception {
        // The heap backend, because only it can count its entries for the harness.
        try (var harness = harness(new HashMapStateBackend())) {
            harness.processElement(new Step("BTC", 100, 1, false), 0);
            harness.processElement(new Step("BTC", 50, 2, false), 0); // late: goes to the side list
            harness.processElement(new Step("BTC", 2_000, 0, true), 0);

            assertThat(harness.extractOutputValues()).containsExactly("BTC evicted=[1, 2] size=0 oldest=" + Long.MIN_VALUE);
            assertThat(harness.numKeyedStateEntries()).isZero();
        }
    }

    private static void assertMatchesHeapWindow(StateBackend backend, long seed) throws Exception {
        Random random = new Random(seed);
        String[] keys = {"BTC", "ETH", "SOL"};
        EventTimeWindow<Integer>[] reference = newReferences(keys.length);
        long[] clock = new long[keys.length];
        List<String> expected = new ArrayList<>();
        try (var harness = harness(backend)) {
            for (int i = 0; i < 5_000; i++) {
                int k = random.nextInt(keys.length);
                if (random.nextInt(4) == 0) {
                    clock[k] += random.nextInt(400);
                    List<Integer> evicted = new ArrayList<>();
                    reference[k].advanceTo(clock[k], evicted::add);
                    expected.add(describe(keys[k], evicted, reference[k].size(), reference[k].oldestTs()));
                    harness.processElement(new Step(keys[k], clock[k], 0, true), 0);
                } else {
                    // Mostly in order, sometimes late by up to 1.5 windows.
                    long ts = random.nextInt(10) == 0 ? clock[k] - random.nextInt(1_500) : clock[k] + random.nextInt(200);
                    int value = random.nextInt(1_000);
                    reference[k].add(ts, value);
                    harness.processElement(new Step(keys[k], ts, value, false), 0);
                }
            }
            assertThat(harness.extractOutputValues()).containsExactlyElementsOf(expected);
        }
    }

    @SuppressWarnings("unchecked")
    private static EventTimeWindow<Integer>[] newReferences(int n) {
        EventTimeWindow<Integer>[] windows = new EventTimeWindow[n];
        for (int i = 0; i < n; i++) {
            windows[i] = new EventTimeWindow<>(W);
        }
        return windows;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Step, String> harness(StateBackend backend) throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new LogDriver()), (Step s) -> s.key, Types.STRING);
        harness.setStateBackend(backend);
        harness.open();
        return harness;
    }
}
