package io.canarykit.operators.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.operators.flink.state.KeyedStates;
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

/** The keyed process operator's heap layer: given to the function on RocksDB, flushed before a checkpoint. */
class WriteBehindKeyedOperatorTest {

    @Test
    void countsKeptOnTheHeapAreInTheCheckpointAnOperatorWithoutTheLayerRestores() throws Exception {
        OperatorSubtaskState snapshot;
        Count counting = new Count();
        try (var h = harness(new WriteBehindKeyedOperator<>(counting, 1), new EmbeddedRocksDBStateBackend(), null)) {
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
    void onTheHeapBackendTheFunctionKeepsTheBackendsOwnStates() throws Exception {
        Count counting = new Count();
        try (var h = harness(new WriteBehindKeyedOperator<>(counting, 1), new HashMapStateBackend(), null)) {
            h.processElement("a", 0);
            assertThat(h.extractOutputValues()).containsExactly("a=1");
            assertThat(counting.given).isFalse();
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
