package io.canarykit.operators.flink;

import java.util.List;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;

/**
 * Flink's keyed broadcast operator with the function's keyed state held on the heap in front of a
 * state backend that serialises every access (RocksDB): a {@link WriteBehindStates} for the keys
 * used most recently, written to the backend a share at a time between checkpoints and in full before
 * each checkpoint's barrier goes on. On the heap backend the function gets the backend's states as
 * they are.
 */
public final class WriteBehindBroadcastOperator<K, IN1, IN2, OUT> extends CoBroadcastWithKeyedOperator<K, IN1, IN2, OUT> {

    private static final long serialVersionUID = 1L;

    private final WriteBehind layer;
    /** Whether the operator started from a snapshot, when its states must all be there from the start. */
    private transient boolean restored;

    public WriteBehindBroadcastOperator(KeyedBroadcastProcessFunction<K, IN1, IN2, OUT> function,
            List<MapStateDescriptor<?, ?>> broadcastStates, WriteBehindSettings settings) {
        super(function, broadcastStates);
        this.layer = new WriteBehind(settings);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        restored = context.isRestored();
    }

    @Override
    public void open() throws Exception {
        layer.open(this, userFunction, restored);
        super.open();
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        layer.beforeBarrier();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void close() throws Exception {
        layer.close();
        super.close();
    }
}
