package io.canarykit.operators.flink;

import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;

/**
 * Flink's keyed process operator with the function's keyed state held on the heap in front of
 * RocksDB, as {@link WriteBehindBroadcastOperator} does for the gate.
 */
public final class WriteBehindKeyedOperator<K, IN, OUT> extends KeyedProcessOperator<K, IN, OUT> {

    private static final long serialVersionUID = 1L;

    private final WriteBehind layer;
    /** Whether the operator started from a snapshot, when its states must all be there from the start. */
    private transient boolean restored;

    public WriteBehindKeyedOperator(KeyedProcessFunction<K, IN, OUT> function, WriteBehindSettings settings) {
        super(function);
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
