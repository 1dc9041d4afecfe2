package io.canarykit.operators.flink;

import io.canarykit.operators.flink.state.KeyedStates;
import io.canarykit.operators.flink.state.UnwrittenStates;
import io.canarykit.operators.flink.state.WriteBehindStates;
import java.io.Serializable;
import java.util.concurrent.ScheduledFuture;
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
 * ({@link WriteBehindStates}): the layer, given to the function before it opens, written out a share
 * at a time on processing-time ticks, and flushed before each checkpoint's barrier. The heap backend
 * already holds objects, so there it stands aside.
 */
final class WriteBehind implements Serializable {

    private static final long serialVersionUID = 1L;

    private final WriteBehindSettings settings;
    private transient WriteBehindStates held;
    private transient ScheduledFuture<?> ticks;

    WriteBehind(WriteBehindSettings settings) {
        this.settings = settings;
    }

    /**
     * Gives {@code function} a layer over {@code operator}'s backend and starts its ticks; gives
     * nothing on the heap backend or when the function does not take one. An operator that was not
     * {@code restored} registers each state with the backend only when it is first written
     * ({@link UnwrittenStates}).
     */
    void open(AbstractStreamOperator<?> operator, Object function, boolean restored) {
        KeyedStateBackend<?> backend = operator.getKeyedStateBackend();
        if (backend == null || backend instanceof HeapKeyedStateBackend || !(function instanceof KeyedStates.User user)) {
            return;
        }
        KeyedStates registered = KeyedStates.of(operator.getRuntimeContext());
        held = new WriteBehindStates(restored ? registered : new UnwrittenStates(registered),
                new WriteBehindStates.KeyContext() {
                    @Override
                    public Object currentKey() {
                        return operator.getCurrentKey();
                    }

                    @Override
                    public void currentKey(Object key) {
                        operator.setCurrentKey(key);
                    }
                }, (descriptor, visitor) -> visitKeys(backend, descriptor, visitor), settings.keysOnHeap());
        user.useKeyedStates(held);
        if (settings.writeSpreadMs() > 0) {
            double share = 1.0 / WriteBehindSettings.TICKS_PER_SPREAD;
            // Processing-time callbacks run on the task's thread, between records, as the state requires.
            ticks = operator.getProcessingTimeService().scheduleWithFixedDelay(
                    time -> held.flushShare(share), settings.tickMs(), settings.tickMs());
        }
    }

    /** Writes every held change to the backend, for the snapshot that follows. */
    void beforeBarrier() {
        if (held != null) {
            held.flush();
        }
    }

    void close() {
        if (ticks != null) {
            ticks.cancel(false);
            ticks = null;
        }
    }

    private static <T> void visitKeys(KeyedStateBackend<?> backend, ValueStateDescriptor<T> descriptor,
            Consumer<Object> visitor) throws Exception {
        StateDescriptor<ValueState<T>, T> d = descriptor;
        backend.applyToAllKeys(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, d,
                (key, state) -> visitor.accept(key));
    }
}
