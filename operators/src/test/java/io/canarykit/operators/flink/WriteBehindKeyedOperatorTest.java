package io.canarykit.operators.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.operators.flink.state.KeyedStates;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * The keyed process operator's heap layer: given to the function on RocksDB, written out a share at
 * a time on processing-time ticks, and flushed before a checkpoint.
 */
class WriteBehindKeyedOperatorTest {

    @Test
    void countsKeptOnTheHeapAreInTheCheckpointAnOperatorWithoutTheLayerRestores() throws Exception {
        OperatorSubtaskState snapshot;
        Count counting = new Count();
        try (var h = harness(new WriteBehindKeyedOperator<>(counting, WriteBehindSettings.atCheckpoints(1)), new EmbeddedRocksDBStateBackend(), null)) {
            for (String key : List.of("a", "b", "a", "c", "a", "b")) {
                h.processElement(key, 0);
            }
            assertThat(h.extractOutputValues()).containsExactly("a=1", "b=1", "a=2", "c=1", "a=3", "b=2");
            assertThat(counting.given).as("the layer is given on RocksDB").isTrue();
            h.prepareSnapshotPreBarrier(1);
            snapshot = h.snapshot(1, 0);
        }
        try (var h = harness(new KeyedProcessOperator<>(new Count()), new EmbeddedRocksDBStateBackend(), snapshot)) {
            for (String key : List.of("a", "b", "c")) {
                h.processElement(key, 0);
            }
            assertThat(h.extractOutputValues()).containsExactly("a=4", "b=3", "c=2");
        }
    }

    @Test
    void eachTickWritesItsShareOfTheChangedKeysThoseChangedLongestAgoFirst() throws Exception {
        OperatorSubtaskState snapshot;
        // A spread of 1 s: a tick every 100 ms writes a tenth of the changed keys.
        var settings = WriteBehindSettings.spreadOver(100, Duration.ofSeconds(1));
        try (var h = harness(new WriteBehindKeyedOperator<>(new Count(), settings), new EmbeddedRocksDBStateBackend(), null)) {
            for (String key : List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j")) {
                h.processElement(key, 0);
            }
            // Ten changed keys, a tenth of them: one key, "a", changed first.
            h.setProcessingTime(100);
            // "a" changes again: it now waits behind the nine others.
            h.processElement("a", 0);
            // Ten changed keys again (b..j, a): one more, the oldest, "b".
            h.setProcessingTime(200);
            // No barrier: the snapshot holds only what the ticks wrote.
            snapshot = h.snapshot(1, 0);
        }
        try (var h = harness(new KeyedProcessOperator<>(new Count()), new EmbeddedRocksDBStateBackend(), snapshot)) {
            for (String key : List.of("a", "b", "c")) {
                h.processElement(key, 0);
            }
            assertThat(h.extractOutputValues()).containsExactly("a=2", "b=2", "c=1");
        }
    }

    @Test
    void aFractionOfAKeyIsCarriedToTheNextTick() throws Exception {
        OperatorSubtaskState snapshot;
        var settings = WriteBehindSettings.spreadOver(100, Duration.ofSeconds(1));
        try (var h = harness(new WriteBehindKeyedOperator<>(new Count(), settings), new EmbeddedRocksDBStateBackend(), null)) {
            for (String key : List.of("a", "b", "c", "d", "e")) {
                h.processElement(key, 0);
            }
            // A tenth of the changed keys per tick, by hand: tick 1, 5 keys, 0.5 owed, none written;
            // tick 2, 0.5 + 0.5 = 1, "a"; tick 3, 4 keys, 0.4; tick 4, 0.8; tick 5, 1.2, "b".
            for (long t = 100; t <= 400; t += 100) {
                h.setProcessingTime(t);
            }
            snapshot = h.snapshot(1, 0);
            h.setProcessingTime(500);
            OperatorSubtaskState later = h.snapshot(2, 0);
            assertThat(countsIn(later, "a", "b", "c")).containsExactly("a=2", "b=2", "c=1");
        }
        assertThat(countsIn(snapshot, "a", "b", "c")).containsExactly("a=2", "b=1", "c=1");
    }

    @Test
    void onTheHeapBackendTheFunctionKeepsTheBackendsOwnStates() throws Exception {
        Count counting = new Count();
        try (var h = harness(new WriteBehindKeyedOperator<>(counting, WriteBehindSettings.atCheckpoints(1)), new HashMapStateBackend(), null)) {
            h.processElement("a", 0);
            assertThat(h.extractOutputValues()).containsExactly("a=1");
            assertThat(counting.given).isFalse();
        }
    }

    /** What an operator without the layer counts next for {@code keys}, restored from {@code snapshot}. */
    private static List<String> countsIn(OperatorSubtaskState snapshot, String... keys) throws Exception {
        try (var h = harness(new KeyedProcessOperator<>(new Count()), new EmbeddedRocksDBStateBackend(), snapshot)) {
            for (String key : keys) {
                h.processElement(key, 0);
            }
            return h.extractOutputValues();
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, String, String> harness(
            KeyedProcessOperator<String, String, String> operator, StateBackend backend, OperatorSubtaskState from)
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(operator, (String k) -> k, Types.STRING);
        h.setStateBackend(backend);
        if (from != null) {
            h.initializeState(from);
        }
        h.open();
        return h;
    }

    /** Counts each key's events in keyed state. */
    static final class Count extends KeyedProcessFunction<String, String, String> implements KeyedStates.User {
        private transient KeyedStates states;
        private transient ValueState<Long> count;
        boolean given;

        @Override
        public void useKeyedStates(KeyedStates given) {
            this.states = given;
            this.given = true;
        }

        @Override
        public void open(OpenContext context) {
            count = (states != null ? states : KeyedStates.of(getRuntimeContext()))
                    .value(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public void processElement(String key, Context ctx, Collector<String> out) throws Exception {
            long next = (count.value() == null ? 0 : count.value()) + 1;
            count.update(next);
            out.collect(key + "=" + next);
        }
    }
}
