package io.canarykit.operators.flink;

import io.canarykit.operators.flink.state.KeyedStates;
import io.canarykit.operators.flink.state.WriteBehindStates;
import java.util.function.Consumer;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;

/**
 * What an operator adds to hold its function's keyed state on the heap in front of its backend
 * ({@link WriteBehindStates}): the layer, given to the function before it opens, and flushed before
 * each checkpoint's barrier. The heap backend already holds objects, so there it stands aside.
 */
final class WriteBehind {

    private WriteBehind() {}

    /**
     * Gives {@code function} a layer over {@code operator}'s backend and returns it, or returns null
     * (and gives nothing) on the heap backend or when the function does not take one.
     */
    static WriteBehindStates install(AbstractStreamOperator<?> operator, Object function, int keysOnHeap) {
        KeyedStateBackend<?> backend = operator.getKeyedStateBackend();
        if (backend == null || backend instanceof HeapKeyedStateBackend || !(function instanceof KeyedStates.User user)) {
            return null;
        }
        WriteBehindStates held = new WriteBehindStates(KeyedStates.of(operator.getRuntimeContext()),
                new WriteBehindStates.KeyContext() {
                    @Override
                    public Object currentKey() {
                        return operator.getCurrentKey();
                    }

                    @Override
                    public void currentKey(Object key) {
                        operator.setCurrentKey(key);
                    }
                }, (descriptor, visitor) -> visitKeys(backend, descriptor, visitor), keysOnHeap);
        user.useKeyedStates(held);
        return held;
    }

    static void requirePositive(int keysOnHeap) {
        if (keysOnHeap < 1) {
            throw new IllegalArgumentException("keys on the heap must be at least 1, got " + keysOnHeap);
        }
    }

    private static <T> void visitKeys(KeyedStateBackend<?> backend, ValueStateDescriptor<T> descriptor,
            Consumer<Object> visitor) throws Exception {
        StateDescriptor<ValueState<T>, T> d = descriptor;
        backend.applyToAllKeys(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, d,
                (key, state) -> visitor.accept(key));
    }
}
