package io.canarykit.operators.flink.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.operators.window.EventTimeWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.RunnableFuture;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.CheckpointableKeyedStateBackend;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.SnapshotResult;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.memory.MemCheckpointStreamFactory;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
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
        /** Which log of a {@link LaneDriver} the step is for. */
        public int log;
        /** Clears the log instead. */
        public boolean clear;

        public Step() {}

        Step(String key, long ts, int value, boolean advance) {
            this.key = key;
            this.ts = ts;
            this.value = value;
            this.advance = advance;
        }

        Step on(int log) {
            this.log = log;
            return this;
        }

        Step clearing() {
            this.clear = true;
            return this;
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

    @Test
    void aSnapshotTakenMidRunRestoresExactlyWhileTheRunWritesOnBeforeItIsWrittenOnRocksDb() throws Exception {
        assertSnapshotMidRunRestores(new EmbeddedRocksDBStateBackend(), 13);
    }

    @Test
    void aSnapshotTakenMidRunRestoresExactlyWhileTheRunWritesOnBeforeItIsWrittenOnTheHashMapBackend() throws Exception {
        // The heap backend shares a full block with its snapshot and copies the open one on the first
        // write after it: the run goes on between the snapshot's synchronous part and its writing.
        assertSnapshotMidRunRestores(new HashMapStateBackend(), 17);
    }

    @Test
    void aWindowSavedOneEntryPerEventDrainsFromThereWhileNewEventsGoToBlocks() throws Exception {
        for (StateBackend backend : List.of(new HashMapStateBackend(), new EmbeddedRocksDBStateBackend())) {
            int left = assertDrainsAfterRestore(backend, new EarlierLayoutWriter(), new LogDriver(), step -> step, "");
            assertThat(left).as("keyed state entries left").isZero();
        }
    }

    @Test
    void logsSharingAStoreInLanesEachMatchTheHeapWindowOnRocksDb() throws Exception {
        assertLanesMatchHeapWindows(new EmbeddedRocksDBStateBackend(), 19);
    }

    @Test
    void logsSharingAStoreInLanesEachMatchTheHeapWindowOnTheHashMapBackend() throws Exception {
        assertLanesMatchHeapWindows(new HashMapStateBackend(), 23);
    }

    @Test
    void clearingALogDropsItsLaneOnlyAndNothingIsLeftOnceBothAreEmpty() throws Exception {
        // The heap backend, because only it can count its entries for the harness.
        try (var harness = laneHarness(new HashMapStateBackend())) {
            for (int i = 0; i < 150; i++) {
                harness.processElement(new Step("BTC", 10L * i, i, false).on(0), 0);
                harness.processElement(new Step("BTC", 10L * i, 1_000 + i, false).on(1), 0);
            }
            harness.processElement(new Step("BTC", 0, 0, false).clearing().on(0), 0);
            // Log 1 still holds all 150 of its events, its blocks untouched by log 0's clearing.
            harness.processElement(new Step("BTC", 1_490 + W, 0, true).on(1), 0);
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                expected.add(1_000 + i);
            }
            assertThat(harness.extractOutputValues())
                    .containsExactly("1 " + describe("BTC", expected, 0, Long.MIN_VALUE));
            assertThat(harness.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void aLogSavedWithBlocksOfItsOwnDrainsFromThereWhileNewEventsGoToItsLane() throws Exception {
        for (StateBackend backend : List.of(new HashMapStateBackend(), new EmbeddedRocksDBStateBackend())) {
            // The earlier layout: log "a" with blocks of its own; 100 events leave its second block open.
            int left = assertDrainsAfterRestore(backend, new OwnBlocksWriter(), new LaneDriver(), step -> step.on(0), "0 ");
            assertThat(left).as("keyed state entries left").isZero();
        }
    }

    /**
     * Writes 100 events in order with {@code writer}, snapshots, restores {@code driver} from it and
     * adds 300 more, advancing now and then: the outputs (each prefixed with {@code prefix}) must be
     * the heap window's, with the saved events evicted in turn. Returns the keyed state entries left
     * on the heap backend at the end (0 on RocksDB, which cannot count them).
     */
    private static int assertDrainsAfterRestore(StateBackend backend, KeyedProcessFunction<String, Step, String> writer,
            KeyedProcessFunction<String, Step, String> driver, UnaryOperator<Step> onLog, String prefix)
            throws Exception {
        EventTimeWindow<Integer> reference = new EventTimeWindow<>(W);
        OperatorSubtaskState saved;
        try (var old = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(writer), (Step s) -> s.key, Types.STRING)) {
            old.setStateBackend(backend);
            old.open();
            for (int i = 0; i < 100; i++) {
                old.processElement(new Step("BTC", 10L * i, i, false), 0);
                reference.add(10L * i, i);
            }
            saved = old.snapshot(1, 0);
        }
        List<String> expected = new ArrayList<>();
        try (var restored = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(driver), (Step s) -> s.key, Types.STRING)) {
            restored.setStateBackend(backend);
            restored.initializeState(saved);
            restored.open();
            long clock = 990;
            for (int i = 100; i < 400; i++) {
                long ts = 10L * i;
                restored.processElement(onLog.apply(new Step("BTC", ts, i, false)), 0);
                reference.add(ts, i);
                if (i % 7 == 0) {
                    clock = ts - 500;
                    List<Integer> evicted = new ArrayList<>();
                    reference.advanceTo(clock, evicted::add);
                    expected.add(prefix + describe("BTC", evicted, reference.size(), reference.oldestTs()));
                    restored.processElement(onLog.apply(new Step("BTC", clock, 0, true)), 0);
                }
            }
            List<Integer> evicted = new ArrayList<>();
            reference.advanceTo(clock + 10_000, evicted::add);
            expected.add(prefix + describe("BTC", evicted, 0, Long.MIN_VALUE));
            restored.processElement(onLog.apply(new Step("BTC", clock + 10_000, 0, true)), 0);
            assertThat(restored.extractOutputValues()).as(backend.getClass().getSimpleName())
                    .containsExactlyElementsOf(expected);
            assertThat(expected).as("saved events are evicted in turn")
                    .anySatisfy(line -> assertThat(line).startsWith(prefix + "BTC evicted=[0, 1, 2,"));
            return backend instanceof HashMapStateBackend ? restored.numKeyedStateEntries() : 0;
        }
    }

    @Test
    void aSnapshotOfLogsInLanesTakenMidRunRestoresExactlyOnBothBackends() throws Exception {
        for (StateBackend backend : List.of(new HashMapStateBackend(), new EmbeddedRocksDBStateBackend())) {
            List<Step> steps = randomLaneSteps(new Random(29), 6_000);
            List<String> expected = laneReferenceOutputs(steps);
            int cut = 3_000;
            long outputsBeforeCut = laneReferenceOutputs(steps.subList(0, cut)).size();
            OperatorSubtaskState saved;
            try (var harness = laneHarness(backend)) {
                for (Step step : steps.subList(0, cut)) {
                    harness.processElement(step, 0);
                }
                saved = harness.snapshot(1, 0);
                for (Step step : steps.subList(cut, steps.size())) {
                    harness.processElement(step, 0);
                }
                assertThat(harness.extractOutputValues()).containsExactlyElementsOf(expected);
            }
            try (var restored = new KeyedOneInputStreamOperatorTestHarness<>(
                    new KeyedProcessOperator<>(new LaneDriver()), (Step s) -> s.key, Types.STRING)) {
                restored.setStateBackend(backend);
                restored.initializeState(saved);
                restored.open();
                for (Step step : steps.subList(cut, steps.size())) {
                    restored.processElement(step, 0);
                }
                assertThat(restored.extractOutputValues()).as(backend.getClass().getSimpleName())
                        .containsExactlyElementsOf(expected.subList((int) outputsBeforeCut, expected.size()));
            }
        }
    }

    /** Two logs of one key in lanes 0 and 5 of one store; emits, per advance, the log, then as {@link LogDriver}. */
    static final class LaneDriver extends KeyedProcessFunction<String, Step, String> {
        private transient List<KeyedWindowLog<Integer>> logs;
        private transient WindowCursors cursors;

        @Override
        public void open(OpenContext openContext) {
            KeyedStates states = KeyedStates.of(getRuntimeContext());
            WindowBlocks<Integer> store = WindowBlocks.register(states, "shared", Types.INT);
            cursors = WindowCursors.shared(states, "shared-positions");
            logs = List.of(KeyedWindowLog.register(states, "a", W, store, 0, cursors),
                    KeyedWindowLog.register(states, "b", W, store, 5, cursors));
        }

        @Override
        public void processElement(Step step, Context ctx, Collector<String> out) {
            cursors.load();
            apply(step, out);
            // As a holder does once a key's windows are empty: nothing of the key is left.
            if (logs.stream().allMatch(KeyedWindowLog::isEmpty)) {
                logs.forEach(KeyedWindowLog::clear);
                cursors.clear();
            } else {
                cursors.flush();
            }
        }

        private void apply(Step step, Collector<String> out) {
            KeyedWindowLog<Integer> log = logs.get(step.log);
            if (step.clear) {
                log.clear();
            } else if (!step.advance) {
                log.add(step.ts, step.value);
            } else {
                List<Integer> evicted = new ArrayList<>();
                log.advanceTo(step.ts, evicted::add);
                out.collect(step.log + " " + describe(step.key, evicted, log.size(), log.oldestTs()));
            }
        }
    }

    /** Writes events in order as the earlier layout of a log now in a lane did: blocks in a map of its own. */
    static final class OwnBlocksWriter extends KeyedProcessFunction<String, Step, String> {
        private transient KeyedWindowLog<Integer> log;
        private transient WindowCursors cursors;

        @Override
        public void open(OpenContext openContext) {
            KeyedStates states = KeyedStates.of(getRuntimeContext());
            cursors = WindowCursors.shared(states, "shared-positions");
            log = KeyedWindowLog.register(states, "a", W, Types.INT, cursors);
        }

        @Override
        public void processElement(Step step, Context ctx, Collector<String> out) {
            cursors.load();
            log.add(step.ts, step.value);
            cursors.flush();
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Step, String> laneHarness(StateBackend backend)
            throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new LaneDriver()), (Step s) -> s.key, Types.STRING);
        harness.setStateBackend(backend);
        harness.open();
        return harness;
    }

    /** Adds to two logs over three keys (mostly in order, sometimes late), advances, and now and then clears a log. */
    private static List<Step> randomLaneSteps(Random random, int n) {
        String[] keys = {"BTC", "ETH", "SOL"};
        long[][] clock = new long[keys.length][2];
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = random.nextInt(keys.length);
            int log = random.nextInt(2);
            int kind = random.nextInt(100);
            if (kind < 2) {
                steps.add(new Step(keys[k], 0, 0, false).clearing().on(log));
            } else if (kind < 25) {
                clock[k][log] += random.nextInt(400);
                steps.add(new Step(keys[k], clock[k][log], 0, true).on(log));
            } else {
                long now = clock[k][log];
                long ts = random.nextInt(10) == 0 ? now - random.nextInt(1_500) : now + random.nextInt(200);
                steps.add(new Step(keys[k], ts, random.nextInt(1_000), false).on(log));
            }
        }
        return steps;
    }

    /** What two heap windows per key give for {@code steps}, as {@link LaneDriver} says it. */
    private static List<String> laneReferenceOutputs(List<Step> steps) {
        java.util.Map<String, EventTimeWindow<Integer>> windows = new java.util.HashMap<>();
        List<String> out = new ArrayList<>();
        for (Step step : steps) {
            String id = step.key + "/" + step.log;
            if (step.clear) {
                windows.remove(id);
                continue;
            }
            EventTimeWindow<Integer> window = windows.computeIfAbsent(id, k -> new EventTimeWindow<>(W));
            if (step.advance) {
                List<Integer> evicted = new ArrayList<>();
                window.advanceTo(step.ts, evicted::add);
                out.add(step.log + " " + describe(step.key, evicted, window.size(), window.oldestTs()));
            } else {
                window.add(step.ts, step.value);
            }
        }
        return out;
    }

    private static void assertLanesMatchHeapWindows(StateBackend backend, long seed) throws Exception {
        List<Step> steps = randomLaneSteps(new Random(seed), 8_000);
        try (var harness = laneHarness(backend)) {
            for (Step step : steps) {
                harness.processElement(step, 0);
            }
            assertThat(harness.extractOutputValues()).containsExactlyElementsOf(laneReferenceOutputs(steps));
            assertThat(steps).as("the run clears logs that hold events").anySatisfy(s -> assertThat(s.clear).isTrue());
        }
    }

    /** Writes events in order as the earlier layout did: one ring entry per event, by its number. */
    static final class EarlierLayoutWriter extends KeyedProcessFunction<String, Step, String> {
        private transient MapState<Long, Tuple2<Long, Integer>> ring;
        private transient WindowCursors cursors;
        private transient int slot;

        @Override
        public void open(OpenContext openContext) {
            KeyedStates states = KeyedStates.of(getRuntimeContext());
            ring = states.map(new MapStateDescriptor<>("test-ring", Types.LONG, new TupleTypeInfo<>(Types.LONG, Types.INT)));
            cursors = WindowCursors.standalone(states, "test-positions");
            slot = cursors.newSlot();
        }

        @Override
        public void processElement(Step step, Context ctx, Collector<String> out) throws Exception {
            cursors.begin();
            try {
                long head = cursors.get(slot, WindowCursors.HEAD);
                long tail = cursors.get(slot, WindowCursors.TAIL);
                ring.put(tail, Tuple2.of(step.ts, step.value));
                if (tail == head) {
                    cursors.set(slot, WindowCursors.HEAD_TS, step.ts);
                }
                cursors.set(slot, WindowCursors.TAIL, tail + 1);
                cursors.set(slot, WindowCursors.NEWEST_TS, step.ts);
            } finally {
                cursors.end();
            }
        }
    }

    /**
     * Runs random steps on one harness, snapshotting a third of the way: the snapshot's synchronous
     * part, then another third of the steps, then its writing. A second harness restored from it runs
     * the rest; both must give the heap window's outputs.
     */
    private static void assertSnapshotMidRunRestores(StateBackend backend, long seed) throws Exception {
        List<Step> steps = randomSteps(new Random(seed), 6_000);
        List<String> expected = referenceOutputs(steps);
        int cut = 2_000;
        int resumeAt = 4_000;
        long advancesBeforeCut = steps.subList(0, cut).stream().filter(s -> s.advance).count();
        KeyedStateHandle saved;
        try (var harness = harness(backend)) {
            for (Step step : steps.subList(0, cut)) {
                harness.processElement(step, 0);
            }
            var keyed = (CheckpointableKeyedStateBackend<?>) ((AbstractStreamOperator<?>) harness.getOperator())
                    .getKeyedStateBackend();
            RunnableFuture<SnapshotResult<KeyedStateHandle>> snapshot = keyed.snapshot(
                    1L, 0L, new MemCheckpointStreamFactory(64 << 20), CheckpointOptions.forCheckpointWithDefaultLocation());
            for (Step step : steps.subList(cut, resumeAt)) {
                harness.processElement(step, 0);
            }
            snapshot.run();
            saved = snapshot.get().getJobManagerOwnedSnapshot();
            for (Step step : steps.subList(resumeAt, steps.size())) {
                harness.processElement(step, 0);
            }
            assertThat(harness.extractOutputValues()).containsExactlyElementsOf(expected);
        }
        try (var restored = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new LogDriver()), (Step s) -> s.key, Types.STRING)) {
            restored.setStateBackend(backend);
            restored.initializeState(OperatorSubtaskState.builder().setManagedKeyedState(saved).build());
            restored.open();
            for (Step step : steps.subList(cut, steps.size())) {
                restored.processElement(step, 0);
            }
            assertThat(restored.extractOutputValues())
                    .containsExactlyElementsOf(expected.subList((int) advancesBeforeCut, expected.size()));
        }
    }

    /** Adds over three keys, mostly in order and sometimes late by up to 1.5 windows, and advances. */
    private static List<Step> randomSteps(Random random, int n) {
        String[] keys = {"BTC", "ETH", "SOL"};
        long[] clock = new long[keys.length];
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = random.nextInt(keys.length);
            if (random.nextInt(4) == 0) {
                clock[k] += random.nextInt(400);
                steps.add(new Step(keys[k], clock[k], 0, true));
            } else {
                long ts = random.nextInt(10) == 0 ? clock[k] - random.nextInt(1_500) : clock[k] + random.nextInt(200);
                steps.add(new Step(keys[k], ts, random.nextInt(1_000), false));
            }
        }
        return steps;
    }

    /** What the heap window gives for {@code steps}, one line per advance, as {@link LogDriver} says it. */
    private static List<String> referenceOutputs(List<Step> steps) {
        java.util.Map<String, EventTimeWindow<Integer>> windows = new java.util.HashMap<>();
        List<String> out = new ArrayList<>();
        for (Step step : steps) {
            EventTimeWindow<Integer> window = windows.computeIfAbsent(step.key, k -> new EventTimeWindow<>(W));
            if (step.advance) {
                List<Integer> evicted = new ArrayList<>();
                window.advanceTo(step.ts, evicted::add);
                out.add(describe(step.key, evicted, window.size(), window.oldestTs()));
            } else {
                window.add(step.ts, step.value);
            }
        }
        return out;
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
