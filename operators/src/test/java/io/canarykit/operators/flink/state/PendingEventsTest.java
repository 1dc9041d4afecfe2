package io.canarykit.operators.flink.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.operators.flink.WriteBehindKeyedOperator;
import io.canarykit.operators.flink.WriteBehindSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.RunnableFuture;
import java.util.function.Supplier;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.SnapshotResult;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.runtime.state.memory.MemCheckpointStreamFactory;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

class PendingEventsTest {

    /**
     * Holds each input ("key,ts,name") until the watermark passes its ts, then writes "key ts name"; an
     * input "key,ts,beat" instead registers a timer of its own at ts, written "key ts beat" when it fires,
     * as the job's heartbeats share the key's timers with the held events.
     */
    static final class Holder extends KeyedProcessFunction<String, String, String> implements KeyedStates.User {
        private transient KeyedStates states;
        private transient PendingEvents<String> pending;

        @Override
        public void useKeyedStates(KeyedStates given) {
            states = given;
        }

        @Override
        public void open(OpenContext openContext) {
            pending = states == null
                    ? PendingEvents.register(getRuntimeContext(), "pending", Types.STRING)
                    : PendingEvents.register(states, "pending", Types.STRING);
        }

        @Override
        public void processElement(String in, Context ctx, Collector<String> out) {
            String[] parts = in.split(",");
            long ts = Long.parseLong(parts[1]);
            if (parts[2].equals("beat")) {
                ctx.timerService().registerEventTimeTimer(ts);
            } else {
                pending.hold(ts, parts[2], ctx.timerService());
            }
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
            List<String> released = pending.release(timestamp, ctx.timerService());
            String at = ctx.getCurrentKey() + " " + timestamp + " ";
            if (released.isEmpty()) {
                out.collect(at + "beat");
            }
            released.forEach(name -> out.collect(at + name));
        }
    }

    /** The buffer as it was kept before its times were: the map, and a timer per timestamp. */
    static final class LegacyHolder extends KeyedProcessFunction<String, String, String> {
        private transient MapState<Long, List<String>> byTs;

        @Override
        public void open(OpenContext openContext) {
            byTs = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending", Types.LONG, Types.LIST(Types.STRING)));
        }

        @Override
        public void processElement(String in, Context ctx, Collector<String> out) throws Exception {
            String[] parts = in.split(",");
            long ts = Long.parseLong(parts[1]);
            ctx.timerService().registerEventTimeTimer(ts);
            List<String> held = byTs.get(ts);
            held = held == null ? new ArrayList<>() : new ArrayList<>(held);
            held.add(parts[2]);
            byTs.put(ts, held);
        }
    }

    /**
     * The buffer as earlier versions kept it, holding and releasing as they did, with beats as
     * {@link Holder} has them: the events in a map by timestamp, and either the times held in order
     * beside it with a timer for the earliest only ({@code keepsTimes}), or a timer per timestamp.
     */
    static final class EarlierHolder extends KeyedProcessFunction<String, String, String> {
        private final boolean keepsTimes;
        private transient MapState<Long, List<String>> byTs;
        private transient ValueState<PendingTimes> times;

        EarlierHolder(boolean keepsTimes) {
            this.keepsTimes = keepsTimes;
        }

        @Override
        public void open(OpenContext openContext) {
            byTs = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending", Types.LONG, Types.LIST(Types.STRING)));
            if (keepsTimes) {
                times = getRuntimeContext().getState(new ValueStateDescriptor<>("pending-times", PendingTimesSerializer.INSTANCE));
            }
        }

        @Override
        public void processElement(String in, Context ctx, Collector<String> out) throws Exception {
            String[] parts = in.split(",");
            long ts = Long.parseLong(parts[1]);
            if (parts[2].equals("beat")) {
                ctx.timerService().registerEventTimeTimer(ts);
                return;
            }
            List<String> held = byTs.get(ts);
            if (held == null) {
                held = new ArrayList<>();
                if (!keepsTimes) {
                    ctx.timerService().registerEventTimeTimer(ts);
                } else {
                    PendingTimes pending = times.value() == null ? new PendingTimes() : times.value();
                    if (pending.add(ts)) {
                        ctx.timerService().registerEventTimeTimer(ts);
                    }
                    times.update(pending);
                }
            } else {
                held = new ArrayList<>(held);
            }
            held.add(parts[2]);
            byTs.put(ts, held);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
            String at = ctx.getCurrentKey() + " " + timestamp + " ";
            List<String> held = byTs.get(timestamp);
            if (held == null) {
                out.collect(at + "beat");
                return;
            }
            byTs.remove(timestamp);
            if (keepsTimes) {
                PendingTimes pending = times.value();
                if (pending != null && pending.remove(timestamp)) {
                    if (pending.isEmpty()) {
                        times.clear();
                    } else {
                        ctx.timerService().registerEventTimeTimer(pending.earliest());
                        times.update(pending);
                    }
                }
            }
            held.forEach(name -> out.collect(at + name));
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, String, String> harness(
            KeyedProcessFunction<String, String, String> function, StateBackend backend) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function),
                in -> in.split(",")[0], Types.STRING);
        h.setStateBackend(backend);
        return h;
    }

    @Test
    void eventsInTimeOrderNeedOneTimerAtATime() throws Exception {
        try (var h = harness(new Holder(), new HashMapStateBackend())) {
            h.open();
            for (long ts = 1; ts <= 1_000; ts++) {
                h.processElement("A," + ts + ",e" + ts, 0);
            }
            assertThat(h.numEventTimeTimers()).as("a timer per timestamp before").isEqualTo(1);
            h.processWatermark(1_000);
            List<String> out = h.extractOutputValues();
            assertThat(out).hasSize(1_000);
            assertThat(out.get(0)).isEqualTo("A 1 e1");
            assertThat(out.get(999)).isEqualTo("A 1000 e1000");
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void releasesInTimeOrderAroundTheKeysOtherTimersAcrossARestoreOnBothBackends() throws Exception {
        assertReleasesInOrder(new HashMapStateBackend(), 11);
        assertReleasesInOrder(new EmbeddedRocksDBStateBackend(), 12);
    }

    /**
     * Random inputs over three keys, some behind the newest, some sharing a time, and beats; the
     * output must be what sorting the inputs gives: by time, a beat before nothing else at its time
     * is written only when no event is held there, events at one time in arrival order.
     */
    private static void assertReleasesInOrder(StateBackend backend, long seed) throws Exception {
        Random random = new Random(seed);
        List<String[]> inputs = new ArrayList<>();
        long newest = 100;
        for (int i = 0; i < 400; i++) {
            String key = "K" + random.nextInt(3);
            long ts = random.nextInt(4) == 0 ? newest - random.nextInt(50) : newest + random.nextInt(5);
            newest = Math.max(newest, ts);
            String name = random.nextInt(10) == 0 ? "beat" : "e" + i;
            inputs.add(new String[] {key, String.valueOf(ts), name});
        }
        List<String> expected = new ArrayList<>();
        for (String key : List.of("K0", "K1", "K2")) {
            List<String[]> mine = inputs.stream().filter(in -> in[0].equals(key)).toList();
            mine.stream().mapToLong(in -> Long.parseLong(in[1])).distinct().sorted().forEach(ts -> {
                List<String> events = mine.stream().filter(in -> Long.parseLong(in[1]) == ts && !in[2].equals("beat"))
                        .map(in -> key + " " + ts + " " + in[2]).toList();
                expected.addAll(events.isEmpty() ? List.of(key + " " + ts + " beat") : events);
            });
        }

        OperatorSubtaskState snapshot;
        List<String> out = new ArrayList<>();
        int half = inputs.size() / 2;
        try (var h = harness(new Holder(), backend)) {
            h.open();
            for (String[] in : inputs.subList(0, half)) {
                h.processElement(String.join(",", in), Long.parseLong(in[1]));
            }
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness(new Holder(), backend)) {
            h.initializeState(snapshot);
            h.open();
            for (String[] in : inputs.subList(half, inputs.size())) {
                h.processElement(String.join(",", in), Long.parseLong(in[1]));
            }
            h.processWatermark(Long.MAX_VALUE);
            out.addAll(h.extractOutputValues());
        }
        // Keys are independent, so only each key's own order is compared.
        for (String key : List.of("K0", "K1", "K2")) {
            assertThat(out.stream().filter(line -> line.startsWith(key + " ")).toList()).as(key)
                    .containsExactlyElementsOf(expected.stream().filter(line -> line.startsWith(key + " ")).toList());
        }
    }

    @Test
    void stateHeldBeforeTheTimesWereKeptIsReleasedInOrderWithNewEvents() throws Exception {
        OperatorSubtaskState legacy;
        try (var h = harness(new LegacyHolder(), new HashMapStateBackend())) {
            h.open();
            h.processElement("A,30,old30", 0);
            h.processElement("A,10,old10", 0);
            h.processElement("A,20,old20a", 0);
            h.processElement("A,20,old20b", 0);
            legacy = h.snapshot(1, 1);
        }
        try (var h = harness(new Holder(), new HashMapStateBackend())) {
            h.initializeState(legacy);
            h.open();
            h.processElement("A,15,new15", 0);
            h.processElement("A,20,new20", 0);
            h.processElement("A,40,new40", 0);
            h.processWatermark(Long.MAX_VALUE);
            assertThat(h.extractOutputValues()).containsExactly(
                    "A 10 old10", "A 15 new15", "A 20 old20a", "A 20 old20b", "A 20 new20", "A 30 old30", "A 40 new40");
        }
    }

    /** One step of a script: an input for a key ("beat" for a timer of its own, else an event), or a watermark. */
    private record Step(String key, long ts, String name) {
        boolean isWatermark() {
            return key == null;
        }

        String input() {
            return key + "," + ts + "," + name;
        }
    }

    /**
     * A random script over {@code keys} keys: events mostly at or just after the newest time (so a time
     * often has several), some behind it but ahead of the watermark, as the clock holds them; beats;
     * and now and then a watermark somewhere up to the newest time.
     */
    private static List<Step> script(Random random, int steps, int keys) {
        List<Step> script = new ArrayList<>();
        long watermark = 0;
        long newest = 1;
        for (int i = 0; i < steps; i++) {
            int op = random.nextInt(100);
            if (op < 5) {
                watermark += random.nextInt((int) (newest - watermark) + 1);
                script.add(new Step(null, watermark, null));
                continue;
            }
            long ts = op < 20
                    ? watermark + 1 + random.nextInt((int) Math.max(1, newest - watermark))
                    : Math.max(watermark + 1, newest + random.nextInt(3));
            newest = Math.max(newest, ts);
            String name = random.nextInt(12) == 0 ? "beat" : "e" + i;
            script.add(new Step("K" + random.nextInt(keys), ts, name));
        }
        return script;
    }

    /**
     * What the script must write, worked out by sorting alone: at each watermark, per key, every time
     * up to it in order, with its events in arrival order, or "beat" when it has only beats.
     */
    private static final class Sorted {
        private final Map<String, TreeMap<Long, List<String>>> held = new TreeMap<>();
        private final Map<String, List<String>> written = new TreeMap<>();

        void input(Step step) {
            List<String> at = held.computeIfAbsent(step.key(), k -> new TreeMap<>())
                    .computeIfAbsent(step.ts(), t -> new ArrayList<>());
            if (!step.name().equals("beat")) {
                at.add(step.name());
            }
        }

        void watermark(long watermark) {
            held.forEach((key, times) -> {
                List<String> out = written.computeIfAbsent(key, k -> new ArrayList<>());
                while (!times.isEmpty() && times.firstKey() <= watermark) {
                    Map.Entry<Long, List<String>> first = times.pollFirstEntry();
                    String at = key + " " + first.getKey() + " ";
                    if (first.getValue().isEmpty()) {
                        out.add(at + "beat");
                    }
                    first.getValue().forEach(name -> out.add(at + name));
                }
            });
        }

        List<String> written(String key) {
            return written.getOrDefault(key, List.of());
        }
    }

    /** A run of part of a script: the function, its backend, and whether the heap layer (of {@code keysOnHeap} keys) is in front. */
    private record Phase(Supplier<KeyedProcessFunction<String, String, String>> function, Supplier<StateBackend> backend,
            int keysOnHeap) {

        static Phase of(Supplier<KeyedProcessFunction<String, String, String>> function, Supplier<StateBackend> backend) {
            return new Phase(function, backend, 0);
        }

        KeyedOneInputStreamOperatorTestHarness<String, String, String> harness() throws Exception {
            KeyedProcessOperator<String, String, String> operator = keysOnHeap > 0
                    ? new WriteBehindKeyedOperator<>(function.get(), WriteBehindSettings.atCheckpoints(keysOnHeap))
                    : new KeyedProcessOperator<>(function.get());
            var h = new KeyedOneInputStreamOperatorTestHarness<>(operator, in -> in.split(",")[0], Types.STRING);
            h.setStateBackend(backend.get());
            return h;
        }
    }

    /**
     * Runs {@code script} split evenly over {@code phases}, each restored from the snapshot the one
     * before took, and the last to the end of time; after every watermark each key's output so far
     * must be what sorting gives. At the end the earlier layout's states hold nothing.
     */
    private static void assertScriptReleasesAsSorted(List<Step> script, int keys, Phase... phases) throws Exception {
        Sorted sorted = new Sorted();
        Map<String, List<String>> written = new TreeMap<>();
        OperatorSubtaskState snapshot = null;
        int per = script.size() / phases.length;
        for (int p = 0; p < phases.length; p++) {
            boolean last = p == phases.length - 1;
            try (var h = phases[p].harness()) {
                if (snapshot != null) {
                    h.initializeState(snapshot);
                }
                h.open();
                int taken = 0;
                for (Step step : script.subList(p * per, last ? script.size() : (p + 1) * per)) {
                    if (step.isWatermark()) {
                        h.processWatermark(step.ts());
                        sorted.watermark(step.ts());
                    } else {
                        h.processElement(step.input(), step.ts());
                        sorted.input(step);
                        continue;
                    }
                    taken = collect(h, taken, written);
                    assertWritten(written, sorted, keys, "phase " + p + ", watermark " + step.ts());
                }
                if (last) {
                    h.processWatermark(Long.MAX_VALUE);
                    sorted.watermark(Long.MAX_VALUE);
                    collect(h, taken, written);
                    assertWritten(written, sorted, keys, "the end");
                    h.prepareSnapshotPreBarrier(p + 1);
                    KeyedStateBackend<?> backend = ((AbstractStreamOperator<?>) h.getOperator()).getKeyedStateBackend();
                    for (String earlier : List.of("pending", "pending-times")) {
                        assertThat(backend.getKeys(earlier, VoidNamespace.INSTANCE).count())
                                .as("keys left in %s", earlier).isZero();
                    }
                } else {
                    h.prepareSnapshotPreBarrier(p + 1);
                    snapshot = h.snapshot(p + 1, 0);
                }
            }
        }
    }

    private static int collect(KeyedOneInputStreamOperatorTestHarness<String, String, String> h, int taken,
            Map<String, List<String>> written) {
        List<String> out = h.extractOutputValues();
        for (String line : out.subList(taken, out.size())) {
            written.computeIfAbsent(line.split(" ")[0], k -> new ArrayList<>()).add(line);
        }
        return out.size();
    }

    private static void assertWritten(Map<String, List<String>> written, Sorted sorted, int keys, String when) {
        for (int k = 0; k < keys; k++) {
            String key = "K" + k;
            assertThat(written.getOrDefault(key, List.of())).as("%s at %s", key, when)
                    .containsExactlyElementsOf(sorted.written(key));
        }
    }

    private static final Supplier<StateBackend> HEAP = HashMapStateBackend::new;
    private static final Supplier<StateBackend> ROCKSDB = EmbeddedRocksDBStateBackend::new;

    @Test
    void randomScriptsReleaseAsSortingGivesAcrossRestoresOnTheHeapBackend() throws Exception {
        for (long seed = 1; seed <= 6; seed++) {
            assertScriptReleasesAsSorted(script(new Random(seed), 600, 4), 4,
                    Phase.of(Holder::new, HEAP), Phase.of(Holder::new, HEAP), Phase.of(Holder::new, HEAP));
        }
    }

    @Test
    void randomScriptsReleaseAsSortingGivesAcrossRestoresOnRocksDb() throws Exception {
        for (long seed = 11; seed <= 13; seed++) {
            assertScriptReleasesAsSorted(script(new Random(seed), 600, 4), 4,
                    Phase.of(Holder::new, ROCKSDB), Phase.of(Holder::new, ROCKSDB), Phase.of(Holder::new, ROCKSDB));
        }
    }

    /**
     * The heap layer over RocksDB, with room for two of the four keys so that keys leave it and come
     * back, and a savepoint of it restored with and without the layer.
     */
    @Test
    void randomScriptsReleaseAsSortingGivesThroughTheHeapLayer() throws Exception {
        for (long seed = 21; seed <= 23; seed++) {
            assertScriptReleasesAsSorted(script(new Random(seed), 600, 4), 4,
                    new Phase(Holder::new, ROCKSDB, 2), new Phase(Holder::new, ROCKSDB, 2), Phase.of(Holder::new, ROCKSDB),
                    new Phase(Holder::new, ROCKSDB, 10));
        }
    }

    /** State the version before this one wrote (the map and its times, a timer for the earliest) goes on in order. */
    @Test
    void stateWithTheTimesKeptBesideTheMapIsReleasedInOrderWithNewEvents() throws Exception {
        for (long seed = 31; seed <= 33; seed++) {
            List<Step> script = script(new Random(seed), 600, 4);
            assertScriptReleasesAsSorted(script, 4, Phase.of(() -> new EarlierHolder(true), HEAP), Phase.of(Holder::new, HEAP));
            assertScriptReleasesAsSorted(script, 4, Phase.of(() -> new EarlierHolder(true), ROCKSDB), Phase.of(Holder::new, ROCKSDB));
            assertScriptReleasesAsSorted(script, 4,
                    Phase.of(() -> new EarlierHolder(true), ROCKSDB), new Phase(Holder::new, ROCKSDB, 2));
        }
    }

    /** State written before the times were kept (the map, a timer per timestamp) goes on in order. */
    @Test
    void stateWithATimerPerTimestampIsReleasedInOrderWithNewEvents() throws Exception {
        for (long seed = 41; seed <= 43; seed++) {
            List<Step> script = script(new Random(seed), 600, 4);
            assertScriptReleasesAsSorted(script, 4, Phase.of(() -> new EarlierHolder(false), HEAP), Phase.of(Holder::new, HEAP));
            assertScriptReleasesAsSorted(script, 4,
                    Phase.of(() -> new EarlierHolder(false), ROCKSDB), Phase.of(Holder::new, ROCKSDB));
            assertScriptReleasesAsSorted(script, 4,
                    Phase.of(() -> new EarlierHolder(false), ROCKSDB), new Phase(Holder::new, ROCKSDB, 2));
        }
    }

    /**
     * The heap backend snapshots asynchronously while the buffer goes on changing its queue in place:
     * the snapshot must hold the queue as it was when it was taken.
     */
    @Test
    void aQueueChangedInPlaceWhileTheHeapBackendsSnapshotRunsIsSavedAsItWas() throws Exception {
        KeyedStateHandle saved;
        try (var h = harness(new Holder(), new HashMapStateBackend())) {
            h.open();
            h.processElement("A,10,a", 0);
            h.processElement("A,20,b", 0);
            h.processElement("A,20,c", 0);
            var backend = (HeapKeyedStateBackend<?>) ((AbstractStreamOperator<?>) h.getOperator()).getKeyedStateBackend();
            RunnableFuture<SnapshotResult<KeyedStateHandle>> running = backend.snapshot(1, 0,
                    new MemCheckpointStreamFactory(1 << 20), CheckpointOptions.forCheckpointWithDefaultLocation());
            h.processElement("A,20,d", 0);
            h.processElement("A,15,e", 0);
            h.processElement("A,30,f", 0);
            h.processWatermark(10);
            assertThat(h.extractOutputValues()).containsExactly("A 10 a");
            running.run();
            saved = running.get().getJobManagerOwnedSnapshot();
        }
        try (var h = harness(new Holder(), new HashMapStateBackend())) {
            h.initializeState(OperatorSubtaskState.builder().setManagedKeyedState(saved).build());
            h.open();
            h.processWatermark(Long.MAX_VALUE);
            assertThat(h.extractOutputValues()).containsExactly("A 10 a", "A 20 b", "A 20 c");
        }
    }

    @Test
    void clearDropsTheQueueAndWhatTheEarlierLayoutHeld() throws Exception {
        OperatorSubtaskState earlier;
        try (var h = harness(new EarlierHolder(true), new HashMapStateBackend())) {
            h.open();
            h.processElement("A,10,old", 0);
            h.processElement("B,10,old", 0);
            earlier = h.snapshot(1, 1);
        }
        Clearing clearing = new Clearing();
        try (var h = harness(clearing, new HashMapStateBackend())) {
            h.initializeState(earlier);
            h.open();
            h.processElement("A,clear", 0);
            h.processElement("B,20,new", 0);
            h.processElement("B,clear", 0);
            h.processElement("B,30,newer", 0);
            h.processWatermark(Long.MAX_VALUE);
            assertThat(h.extractOutputValues()).containsExactly("A empty true", "B empty true", "B 30 newer");
            KeyedStateBackend<?> backend = ((AbstractStreamOperator<?>) h.getOperator()).getKeyedStateBackend();
            assertThat(backend.getKeys("pending", VoidNamespace.INSTANCE).count()).isZero();
            assertThat(backend.getKeys("pending-times", VoidNamespace.INSTANCE).count()).isZero();
        }
    }

    /** As {@link Holder}, with an input "key,clear" that clears the key's buffer and writes whether it is empty. */
    static final class Clearing extends KeyedProcessFunction<String, String, String> {
        private transient PendingEvents<String> pending;

        @Override
        public void open(OpenContext openContext) {
            pending = PendingEvents.register(getRuntimeContext(), "pending", Types.STRING);
        }

        @Override
        public void processElement(String in, Context ctx, Collector<String> out) {
            String[] parts = in.split(",");
            if (parts[1].equals("clear")) {
                pending.clear();
                out.collect(parts[0] + " empty " + pending.isEmpty());
            } else {
                pending.hold(Long.parseLong(parts[1]), parts[2], ctx.timerService());
            }
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
            pending.release(timestamp, ctx.timerService())
                    .forEach(name -> out.collect(ctx.getCurrentKey() + " " + timestamp + " " + name));
        }
    }
}
