package io.canarykit.operators.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.operators.flink.state.KeyedStates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
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
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/**
 * States registered at their first write on a fresh start, as RocksDB itself lists its column
 * families: the ones never written are never created, a read of them is empty, the first write
 * creates one that then behaves as any, and a restored operator registers all of its states.
 */
class UnwrittenStatesTest {

    @TempDir
    Path dir;

    @Test
    void aFreshOperatorCreatesOnlyTheStatesItWritesAndReadsTheOthersAsEmpty() throws Exception {
        Path fresh = dir.resolve("fresh");
        try (var h = harness(fresh, null)) {
            h.processElement("a", 0);
            h.processElement("b", 0);
            assertThat(h.extractOutputValues()).containsExactly("a=1 earlier=[] late=[]", "b=1 earlier=[] late=[]");
            h.prepareSnapshotPreBarrier(1);
            assertThat(columnFamilies(fresh)).as("RocksDB's column families").contains("count")
                    .doesNotContain("earlier", "late");

            // A late event for "a": its list is created at the write, and holds what was written for "a" only.
            h.processElement("a late", 0);
            h.processElement("b", 0);
            h.prepareSnapshotPreBarrier(2);
            assertThat(columnFamilies(fresh)).contains("count", "late").doesNotContain("earlier");
            assertThat(h.extractOutputValues()).containsExactly("a=1 earlier=[] late=[]", "b=1 earlier=[] late=[]",
                    "a=2 earlier=[] late=[a late]", "b=2 earlier=[] late=[]");
        }
    }

    @Test
    void aRestoredOperatorRegistersAllOfItsStatesAndKeepsWhatWasWritten() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(dir.resolve("first"), null)) {
            h.processElement("a late", 0);
            h.prepareSnapshotPreBarrier(1);
            snapshot = h.snapshot(1, 0);
        }
        Path restored = dir.resolve("restored");
        try (var h = harness(restored, snapshot)) {
            h.processElement("a", 0);
            assertThat(h.extractOutputValues()).containsExactly("a=2 earlier=[] late=[a late]");
            h.prepareSnapshotPreBarrier(2);
            assertThat(columnFamilies(restored)).contains("count", "late", "earlier");
        }
    }

    /** The column families of the one RocksDB instance under {@code storage}, as RocksDB lists them on disk. */
    private static Set<String> columnFamilies(Path storage) throws Exception {
        List<Path> instances = new ArrayList<>();
        try (Stream<Path> files = Files.walk(storage)) {
            files.filter(p -> p.getFileName().toString().equals("CURRENT")).forEach(p -> instances.add(p.getParent()));
        }
        assertThat(instances).as("RocksDB instances under %s", storage).hasSize(1);
        RocksDB.loadLibrary();
        Set<String> names = new TreeSet<>();
        try (Options options = new Options()) {
            for (byte[] name : RocksDB.listColumnFamilies(options, instances.get(0).toString())) {
                names.add(new String(name, StandardCharsets.UTF_8));
            }
        }
        return names;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, String, String> harness(Path storage,
            OperatorSubtaskState from) throws Exception {
        Files.createDirectories(storage);
        EmbeddedRocksDBStateBackend rocks = new EmbeddedRocksDBStateBackend();
        rocks.setDbStoragePath(storage.toString());
        var operator = new WriteBehindKeyedOperator<>(new ThreeStates(), WriteBehindSettings.atCheckpoints(1));
        var h = new KeyedOneInputStreamOperatorTestHarness<>(operator, (String e) -> e.split(" ")[0], Types.STRING);
        h.setStateBackend(rocks);
        if (from != null) {
            h.initializeState(from);
        }
        h.open();
        return h;
    }

    /**
     * A count it writes for every event; a map it only reads and clears, as an earlier layout; a list
     * of the key's late events, written only when one comes ("{@code <key> late}").
     */
    static final class ThreeStates extends KeyedProcessFunction<String, String, String> implements KeyedStates.User {
        private transient KeyedStates states;
        private transient ValueState<Long> count;
        private transient MapState<Long, String> earlier;
        private transient ListState<String> late;

        @Override
        public void useKeyedStates(KeyedStates given) {
            this.states = given;
        }

        @Override
        public void open(OpenContext context) {
            count = states.value(new ValueStateDescriptor<>("count", Types.LONG));
            earlier = states.map(new MapStateDescriptor<>("earlier", Types.LONG, Types.STRING));
            late = states.list(new ListStateDescriptor<>("late", Types.STRING));
        }

        @Override
        public void processElement(String event, Context ctx, Collector<String> out) throws Exception {
            long next = (count.value() == null ? 0 : count.value()) + 1;
            count.update(next);
            if (event.endsWith(" late")) {
                late.add(event);
            }
            List<String> earlierSeen = new ArrayList<>();
            if (!earlier.isEmpty() || earlier.contains(1L) || earlier.get(1L) != null) {
                earlier.entries().forEach(e -> earlierSeen.add(e.getKey() + ":" + e.getValue()));
            }
            earlier.clear();
            List<String> lateSeen = new ArrayList<>();
            late.get().forEach(lateSeen::add);
            out.collect(ctx.getCurrentKey() + "=" + next + " earlier=" + earlierSeen + " late=" + lateSeen);
        }
    }

}
