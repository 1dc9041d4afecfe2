package io.canarykit.operators.flink;

import io.canarykit.operators.flink.state.KeyedStates;
import io.canarykit.operators.flink.state.WriteBehindStates;
import java.util.List;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;

/**
 * Flink's keyed broadcast operator with the function's keyed state held on the heap in front of a
 * state backend that serialises every access (RocksDB): a {@link WriteBehindStates} for the keys
 * used most recently, flushed to the backend before each checkpoint's barrier goes on and at the end
 * of the input. On the heap backend the function gets the backend's states as they are.
 */
public final class WriteBehindBroadcastOperator<K, IN1, IN2, OUT> extends CoBroadcastWithKeyedOperator<K, IN1, IN2, OUT> {

    private static final long serialVersionUID = 1L;

    private final int keysOnHeap;
    private transient WriteBehindStates held;

    /** The function's keyed state through the operator's layer, once the operator has opened. */
    public interface StateUser {
        /** Called before the function's {@code open}, with the states it is to register its keyed state with. */
        void useKeyedStates(KeyedStates states);
    }

    public WriteBehindBroadcastOperator(KeyedBroadcastProcessFunction<K, IN1, IN2, OUT> function,
            List<MapStateDescriptor<?, ?>> broadcastStates, int keysOnHeap) {
        super(function, broadcastStates);
        if (keysOnHeap < 1) {
            throw new IllegalArgumentException("keys on the heap must be at least 1, got " + keysOnHeap);
        }
        this.keysOnHeap = keysOnHeap;
    }

    @Override
    public void open() throws Exception {
        KeyedStateBackend<K> backend = getKeyedStateBackend();
        if (!(backend instanceof HeapKeyedStateBackend) && userFunction instanceof StateUser user) {
            held = new WriteBehindStates(KeyedStates.of(getRuntimeContext()), new WriteBehindStates.KeyContext() {
                @Override
                public Object currentKey() {
                    return getCurrentKey();
                }

                @Override
                public void currentKey(Object key) {
                    setCurrentKey(key);
                }
            }, this::forEachBackendKey, keysOnHeap);
            user.useKeyedStates(held);
        }
        super.open();
    }

    private void forEachBackendKey(ValueStateDescriptor<?> descriptor, java.util.function.Consumer<Object> visitor)
            throws Exception {
        visitKeys(descriptor, visitor);
    }

    private <T> void visitKeys(StateDescriptor<ValueState<T>, T> descriptor, java.util.function.Consumer<Object> visitor)
            throws Exception {
        KeyedStateBackend<K> backend = getKeyedStateBackend();
        backend.applyToAllKeys(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, descriptor,
                (key, state) -> visitor.accept(key));
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        if (held != null) {
            held.flush();
        }
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        if (held != null) {
            held.flush();
        }
        super.finish();
    }
}
