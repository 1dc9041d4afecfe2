package io.canarykit.operators.flink.state;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/**
 * Where a function's keyed state comes from: the state backend itself ({@link #of}), or a
 * {@link WriteBehindStates} that keeps the recently used keys' state on the heap in front of it.
 * Either way the states answer for the operator's current key.
 */
public interface KeyedStates {

    /** A function that registers its keyed state with the states its operator gives it, if any. */
    interface User {
        /** Called before the function's {@code open}, by an operator that holds keyed state on the heap. */
        void useKeyedStates(KeyedStates states);
    }

    <T> ValueState<T> value(ValueStateDescriptor<T> descriptor);

    <K, V> MapState<K, V> map(MapStateDescriptor<K, V> descriptor);

    <T> ListState<T> list(ListStateDescriptor<T> descriptor);

    /** The backend's own states, as the runtime context gives them. */
    static KeyedStates of(RuntimeContext ctx) {
        return new KeyedStates() {
            @Override
            public <T> ValueState<T> value(ValueStateDescriptor<T> descriptor) {
                return ctx.getState(descriptor);
            }

            @Override
            public <K, V> MapState<K, V> map(MapStateDescriptor<K, V> descriptor) {
                return ctx.getMapState(descriptor);
            }

            @Override
            public <T> ListState<T> list(ListStateDescriptor<T> descriptor) {
                return ctx.getListState(descriptor);
            }
        };
    }
}
