package io.canarykit.operators.flink;

import io.canarykit.operators.flink.state.WriteBehindStates;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;

/**
 * Flink's keyed process operator with the function's keyed state held on the heap in front of
 * RocksDB, as {@link WriteBehindBroadcastOperator} does for the gate.
 */
public final class WriteBehindKeyedOperator<K, IN, OUT> extends KeyedProcessOperator<K, IN, OUT> {

    private static final long serialVersionUID = 1L;

    private final int keysOnHeap;
    private transient WriteBehindStates held;

    public WriteBehindKeyedOperator(KeyedProcessFunction<K, IN, OUT> function, int keysOnHeap) {
        super(function);
        WriteBehind.requirePositive(keysOnHeap);
        this.keysOnHeap = keysOnHeap;
    }

    @Override
    public void open() throws Exception {
        held = WriteBehind.install(this, userFunction, keysOnHeap);
        super.open();
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        if (held != null) {
            held.flush();
        }
        super.prepareSnapshotPreBarrier(checkpointId);
    }
}
