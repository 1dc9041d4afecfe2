package io.canarykit.operators.flink;

import io.canarykit.operators.flink.state.WriteBehindStates;
import java.util.List;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;

/**
 * Flink's keyed broadcast operator with the function's keyed state held on the heap in front of a
 * state backend that serialises every access (RocksDB): a {@link WriteBehindStates} for the keys
 * used most recently, flushed to the backend before each checkpoint's barrier goes on. On the heap
 * backend the function gets the backend's states as they are.
 */
public final class WriteBehindBroadcastOperator<K, IN1, IN2, OUT> extends CoBroadcastWithKeyedOperator<K, IN1, IN2, OUT> {

    private static final long serialVersionUID = 1L;

    private final int keysOnHeap;
    private transient WriteBehindStates held;

    public WriteBehindBroadcastOperator(KeyedBroadcastProcessFunction<K, IN1, IN2, OUT> function,
            List<MapStateDescriptor<?, ?>> broadcastStates, int keysOnHeap) {
        super(function, broadcastStates);
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
