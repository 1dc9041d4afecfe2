package io.canarykit.operators.flink.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.operators.flink.WriteBehindBroadcastOperator;
import io.canarykit.operators.flink.WriteBehindSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * Keyed state held on the heap in front of RocksDB, against a plain model of what each key should
 * hold: random writes, removals and clears over more keys than fit, reads checked as they go, and
 * at random points a snapshot restored into an operator that reads RocksDB directly, which must find
 * every key's state as the model has it.
 */
class WriteBehindStatesTest {

    private static final ValueStateDescriptor<Long> COUNT = new ValueStateDescriptor<>("count", Types.LONG);
    private static final MapStateDescriptor<Integer, String> NAMES =
            new MapStateDescriptor<>("names", Types.INT, Types.STRING);
    private static final ListStateDescriptor<Integer> SEEN = new ListStateDescriptor<>("seen", Types.INT);
    private static final int KEYS = 9;
    // Entries one "fill" puts: two fills take a key's map past what is held whole.
    private static final int FILL = WriteBehindStates.WHOLE_MAP_ENTRIES * 3 / 4;

    @Test
    void whatACheckpointHoldsIsWhatTheKeysWereGivenWhateverFitsOnTheHeap() throws Exception {
        for (int capacity : new int[] {1, 3, 100}) {
            for (long seed = 1; seed <= 4; seed++) {
                runAgainstTheModel(new Random(seed * 31 + capacity), WriteBehindSettings.atCheckpoints(capacity));
                // With ticks between checkpoints that write a share of the changed keys each.
                runAgainstTheModel(new Random(seed * 37 + capacity),
                        WriteBehindSettings.spreadOver(capacity, Duration.ofMillis(300)));
            }
        }
    }

    @Test
    void aKeyKnownOnlyToTheHeapOrOnlyToTheBackendIsVisitedOnce() throws Exception {
        try (var h = harness(new WriteBehindBroadcastOperator<>(new Script(), List.of(),
                WriteBehindSettings.atCheckpoints(2)), null)) {
            for (int k = 0; k < 5; k++) {
                h.processElement("k" + k + " set " + k, 0);
            }
            // k0..k2 went to RocksDB to make room; the checkpoint writes k3 and k4 there too.
            checkpoint(h, 1, 0);
            // k4 loses its value on the heap only; k5 is on the heap only, and k3 leaves it for k5.
            h.processElement("k4 clear 0", 0);
            h.processElement("k5 set 5", 0);
            h.processBroadcastElement("visit", 0);
            assertThat(new TreeSet<>(h.extractOutputValues())).containsExactly("k0", "k1", "k2", "k3", "k5");
            assertThat(h.extractOutputValues()).hasSize(5);
        }
    }

    @Test
    void aStateRegisteredAfterAKeyWasUsedIsRefused() throws Exception {
        WriteBehindStates states = new WriteBehindStates(new MemoryStates(), new FixedKey("a"), (d, v) -> { }, 4);
        ValueState<Long> count = states.value(COUNT);
        count.value();
        assertThatThrownBy(() -> states.map(NAMES)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("names");
        assertThatThrownBy(() -> new WriteBehindStates(new MemoryStates(), new FixedKey("a"), (d, v) -> { }, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void runAgainstTheModel(Random random, WriteBehindSettings settings) throws Exception {
        Model model = new Model();
        int capacity = settings.keysOnHeap();
        try (var h = harness(new WriteBehindBroadcastOperator<>(new Script(), List.of(), settings), null)) {
            long checkpoint = 0;
            long now = 0;
            for (int step = 0; step < 900; step++) {
                String key = "k" + random.nextInt(KEYS);
                String op = switch (random.nextInt(14)) {
                    case 0, 1 -> "set " + random.nextInt(1000);
                    case 2 -> "clear 0";
                    case 3, 4 -> "put " + random.nextInt(6);
                    case 5 -> "remove " + random.nextInt(6);
                    case 6 -> "mapclear 0";
                    case 7 -> "add " + random.nextInt(50);
                    case 8 -> "listupdate " + random.nextInt(50);
                    // Past the entries a map is held whole with, and back.
                    case 10 -> "fill " + random.nextInt(3);
                    case 11 -> "drain " + random.nextInt(3);
                    // One entry, held, in the backend only, removed or never there; then put back as read.
                    case 12 -> "get " + (random.nextBoolean() ? random.nextInt(6) : 100 + random.nextInt(120));
                    case 13 -> "touch " + (random.nextBoolean() ? random.nextInt(6) : 100 + random.nextInt(120));
                    default -> "listclear 0";
                };
                h.processElement(key + " " + op, step);
                model.apply(key, op);
                if (op.startsWith("get ")) {
                    assertThat(last(h)).as("%s of %s, capacity %d", op, key, capacity)
                            .isEqualTo("got " + model.names.getOrDefault(key, new TreeMap<>()).get(arg(op)));
                }
                if (random.nextInt(4) == 0) {
                    // A tick (30 ms with a 300 ms spread) when the layer has them; none otherwise.
                    h.setProcessingTime(now += 30);
                }
                if (random.nextInt(3) == 0) {
                    // Not after every step: reading every entry holds a map whole, and a large one is not.
                    h.processElement(key + " read 0", step);
                    assertThat(last(h)).as("read of %s after %s, capacity %d", key, op, capacity)
                            .isEqualTo(model.dump(key));
                }
                if (random.nextInt(40) == 0) {
                    // Visits between evictions, checkpoints and ticks: the heap may or may not know every key.
                    assertThat(visit(h)).as("visit after step %d, capacity %d", step, capacity)
                            .isEqualTo(model.countedKeys());
                }
                if (random.nextInt(60) == 0) {
                    OperatorSubtaskState snapshot = checkpoint(h, ++checkpoint, step);
                    assertThat(readDirectly(snapshot)).as("checkpoint %d, capacity %d", checkpoint, capacity)
                            .isEqualTo(model.dumpAll());
                }
            }
            assertThat(visit(h)).isEqualTo(model.countedKeys());
            if (settings.writeSpreadMs() > 0) {
                // Ticks alone, with nothing changing in between, write every key out: a snapshot
                // taken with no barrier before it already holds what the model has.
                for (int tick = 0; tick < 200; tick++) {
                    h.setProcessingTime(now += 30);
                }
                assertThat(readDirectly(h.snapshot(++checkpoint, 999))).as("ticks only, capacity %d", capacity)
                        .isEqualTo(model.dumpAll());
            }
            assertThat(readDirectly(checkpoint(h, ++checkpoint, 1_000))).isEqualTo(model.dumpAll());
        }
    }

    @Test
    void aVisitScansTheBackendOnlyUntilTheHeapKnowsEveryKey() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(new WriteBehindBroadcastOperator<>(new Script(), List.of(),
                WriteBehindSettings.atCheckpoints(3)), null)) {
            for (int k = 0; k < 3; k++) {
                h.processElement("k" + k + " set " + k, 0);
            }
            // The first visit scans and finds nothing the heap lacks; later ones need no scan.
            assertThat(visit(h)).containsExactly("k0", "k1", "k2");
            assertThat(visit(h)).containsExactly("k0", "k1", "k2");
            checkpoint(h, 1, 0);
            assertThat(visit(h)).containsExactly("k0", "k1", "k2");
            assertThat(scans(h)).isEqualTo(1);
            // k3 pushes k0 off the heap: it is in RocksDB only, and every visit scans again.
            h.processElement("k3 set 3", 0);
            assertThat(visit(h)).containsExactly("k0", "k1", "k2", "k3");
            assertThat(visit(h)).containsExactly("k0", "k1", "k2", "k3");
            assertThat(scans(h)).isEqualTo(3);
            snapshot = checkpoint(h, 2, 0);
        }
        try (var h = harness(new WriteBehindBroadcastOperator<>(new Script(), List.of(),
                WriteBehindSettings.atCheckpoints(10)), snapshot)) {
            // Restored, every key is in RocksDB only until it is read.
            assertThat(visit(h)).containsExactly("k0", "k1", "k2", "k3");
            assertThat(scans(h)).isEqualTo(1);
            for (int k = 0; k < 4; k++) {
                h.processElement("k" + k + " read 0", 0);
            }
            h.processElement("k4 set 4", 0);
            assertThat(visit(h)).containsExactly("k0", "k1", "k2", "k3", "k4");
            assertThat(visit(h)).containsExactly("k0", "k1", "k2", "k3", "k4");
            assertThat(scans(h)).isEqualTo(2);
            // A key cleared on the heap is not visited, though RocksDB holds it until the next write.
            h.processElement("k2 clear 0", 0);
            assertThat(visit(h)).containsExactly("k0", "k1", "k3", "k4");
            assertThat(scans(h)).isEqualTo(2);
        }
    }

    /** The keys a broadcast "visit" went through, in order of visit: each must come once. */
    private static TreeSet<String> visit(KeyedBroadcastOperatorTestHarness<String, String, String, String> h)
            throws Exception {
        int before = h.extractOutputValues().size();
        h.processBroadcastElement("visit", 0);
        List<String> out = h.extractOutputValues();
        List<String> visited = new ArrayList<>(out.subList(before, out.size()));
        TreeSet<String> distinct = new TreeSet<>(visited);
        assertThat(visited).as("keys visited twice").hasSize(distinct.size());
        return distinct;
    }

    private static long scans(KeyedBroadcastOperatorTestHarness<String, String, String, String> h) throws Exception {
        h.processBroadcastElement("scans", 0);
        return Long.parseLong(last(h).substring("scans=".length()));
    }

    /** As the task takes a checkpoint: the operator's work before the barrier, then the snapshot. */
    private static OperatorSubtaskState checkpoint(KeyedBroadcastOperatorTestHarness<String, String, String, String> h,
            long id, long ts) throws Exception {
        h.prepareSnapshotPreBarrier(id);
        return h.snapshot(id, ts);
    }

    private static String last(KeyedBroadcastOperatorTestHarness<String, String, String, String> h) {
        List<String> out = h.extractOutputValues();
        return out.get(out.size() - 1);
    }

    /** Every key's state as an operator with no heap layer reads it from the restored RocksDB. */
    private static Map<String, String> readDirectly(OperatorSubtaskState snapshot) throws Exception {
        Map<String, String> all = new TreeMap<>();
        try (var h = harness(new CoBroadcastWithKeyedOperator<>(new Script(), List.of()), snapshot)) {
            for (int k = 0; k < KEYS; k++) {
                h.processElement("k" + k + " read 0", 0);
                String dump = last(h);
                if (!dump.equals(Model.EMPTY)) {
                    all.put("k" + k, dump);
                }
            }
        }
        return all;
    }

    private static KeyedBroadcastOperatorTestHarness<String, String, String, String> harness(
            CoBroadcastWithKeyedOperator<String, String, String, String> operator, OperatorSubtaskState restoreFrom)
            throws Exception {
        var h = new KeyedBroadcastOperatorTestHarness<>(operator, (String op) -> op.split(" ")[0], Types.STRING, 128, 1, 0);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        return h;
    }

    /** Applies "key op arg" lines to three states and answers "read" with what they hold. */
    static final class Script extends KeyedBroadcastProcessFunction<String, String, String, String>
            implements KeyedStates.User {
        private transient KeyedStates states;
        private transient ValueState<Long> count;
        private transient MapState<Integer, String> names;
        private transient ListState<Integer> seen;

        @Override
        public void useKeyedStates(KeyedStates given) {
            states = given;
        }

        @Override
        public void open(OpenContext context) {
            KeyedStates from = states != null ? states : KeyedStates.of(getRuntimeContext());
            count = from.value(COUNT);
            names = from.map(NAMES);
            seen = from.list(SEEN);
        }

        @Override
        public void processElement(String line, ReadOnlyContext ctx, Collector<String> out) throws Exception {
            String[] p = line.split(" ");
            int arg = Integer.parseInt(p[2]);
            switch (p[1]) {
                case "set" -> count.update((long) arg);
                case "clear" -> count.clear();
                case "put" -> names.put(arg, "v" + arg + "-" + (count.value() == null ? 0 : count.value()));
                case "remove" -> names.remove(arg);
                case "mapclear" -> names.clear();
                case "get" -> out.collect("got " + names.get(arg));
                case "touch" -> {
                    String held = names.get(arg);
                    if (held != null) {
                        names.put(arg, held);
                    }
                }
                case "fill" -> {
                    for (int i = 0; i < FILL; i++) {
                        names.put(100 + arg * 40 + i, "f" + i);
                    }
                }
                case "drain" -> {
                    for (int i = 0; i < FILL; i += 2) {
                        if (names.contains(100 + arg * 40 + i)) {
                            names.remove(100 + arg * 40 + i);
                        }
                    }
                    // A removed entry must not read back what the backend holds until the next flush.
                    if (names.get(100 + arg * 40) != null) {
                        throw new IllegalStateException("a drained entry read back");
                    }
                    // One that stays is read from the backend when the heap no longer holds it.
                    names.get(100 + arg * 40 + 1);
                }
                case "add" -> seen.add(arg);
                case "listupdate" -> seen.update(List.of(arg, arg + 1));
                case "listclear" -> seen.clear();
                case "read" -> {
                    TreeMap<Integer, String> map = new TreeMap<>();
                    for (Map.Entry<Integer, String> e : names.entries()) {
                        map.put(e.getKey(), e.getValue());
                    }
                    List<Integer> list = new ArrayList<>();
                    Iterable<Integer> items = seen.get();
                    if (items != null) {
                        items.forEach(list::add);
                    }
                    out.collect(Model.format(count.value(), map, list));
                }
                default -> throw new IllegalArgumentException(line);
            }
        }

        @Override
        public void processBroadcastElement(String line, Context ctx, Collector<String> out) throws Exception {
            if (line.equals("scans")) {
                out.collect("scans=" + ((WriteBehindStates) states).backendScans());
            } else if (states instanceof WriteBehindStates held) {
                held.forEachKey(COUNT, key -> out.collect((String) key));
            } else {
                ctx.applyToKeyedState(COUNT, (key, state) -> out.collect(key));
            }
        }
    }

    private static int arg(String op) {
        return Integer.parseInt(op.substring(op.indexOf(' ') + 1));
    }

    /** What each key should hold, in plain Java collections. */
    private static final class Model {
        static final String EMPTY = format(null, new TreeMap<>(), List.of());
        final Map<String, Long> counts = new TreeMap<>();
        final Map<String, TreeMap<Integer, String>> names = new TreeMap<>();
        final Map<String, List<Integer>> seen = new TreeMap<>();

        void apply(String key, String line) {
            String[] p = line.split(" ");
            int arg = Integer.parseInt(p[1]);
            TreeMap<Integer, String> map = names.computeIfAbsent(key, k -> new TreeMap<>());
            List<Integer> list = seen.computeIfAbsent(key, k -> new ArrayList<>());
            switch (p[0]) {
                case "set" -> counts.put(key, (long) arg);
                case "clear" -> counts.remove(key);
                case "put" -> map.put(arg, "v" + arg + "-" + counts.getOrDefault(key, 0L));
                case "remove" -> map.remove(arg);
                case "mapclear" -> map.clear();
                case "get", "touch" -> { }
                case "fill" -> {
                    for (int i = 0; i < FILL; i++) {
                        map.put(100 + arg * 40 + i, "f" + i);
                    }
                }
                case "drain" -> {
                    for (int i = 0; i < FILL; i += 2) {
                        map.remove(100 + arg * 40 + i);
                    }
                }
                case "add" -> list.add(arg);
                case "listupdate" -> {
                    list.clear();
                    list.add(arg);
                    list.add(arg + 1);
                }
                case "listclear" -> list.clear();
                default -> throw new IllegalArgumentException(line);
            }
        }

        String dump(String key) {
            return format(counts.get(key), names.getOrDefault(key, new TreeMap<>()), seen.getOrDefault(key, List.of()));
        }

        Map<String, String> dumpAll() {
            Map<String, String> all = new TreeMap<>();
            for (int k = 0; k < KEYS; k++) {
                String dump = dump("k" + k);
                if (!dump.equals(EMPTY)) {
                    all.put("k" + k, dump);
                }
            }
            return all;
        }

        TreeSet<String> countedKeys() {
            return new TreeSet<>(counts.keySet());
        }

        static String format(Long count, TreeMap<Integer, String> map, List<Integer> list) {
            return "count=" + count + " names=" + map + " seen=" + list;
        }
    }

    private record FixedKey(Object key) implements WriteBehindStates.KeyContext {
        @Override
        public Object currentKey() {
            return key;
        }

        @Override
        public void currentKey(Object ignored) {
        }
    }

    /** A backend for the registration checks, which read nothing. */
    private static final class MemoryStates implements KeyedStates {
        @Override
        public <T> ValueState<T> value(ValueStateDescriptor<T> descriptor) {
            return new ValueState<>() {
                @Override
                public T value() {
                    return null;
                }

                @Override
                public void update(T value) {
                }

                @Override
                public void clear() {
                }
            };
        }

        @Override
        public <K, V> MapState<K, V> map(MapStateDescriptor<K, V> descriptor) {
            return null;
        }

        @Override
        public <T> ListState<T> list(ListStateDescriptor<T> descriptor) {
            return null;
        }
    }
}
