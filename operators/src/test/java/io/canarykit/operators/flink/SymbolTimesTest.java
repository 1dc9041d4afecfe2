package io.canarykit.operators.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.operators.flink.state.KeyedStates;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.junit.jupiter.api.Test;

class SymbolTimesTest {

    @Test
    void timesSavedBeforeTheMarkoutFieldReadAsTheyWereWithThatFieldAbsent() {
        OneValue stored = new OneValue();
        SymbolTimes times = SymbolTimes.register(stored);
        // The five times a symbol kept before its last fill's markout timer was kept with them.
        stored.value = new long[] {10, 20, 30, 40, 50};

        times.load();

        assertThat(times.lastApplied()).isEqualTo(10);
        assertThat(times.primarySeen()).isEqualTo(20);
        assertThat(times.heartbeatAt()).isEqualTo(30);
        assertThat(times.idleAt()).isEqualTo(40);
        assertThat(times.lastInput()).isEqualTo(50);
        assertThat(times.markoutTimersFrom()).isEqualTo(SymbolTimes.NONE);

        times.markoutTimersFrom(12_000);
        times.flush();
        assertThat(stored.value).containsExactly(10, 20, 30, 40, 50, 12_000);
    }

    /** One key's one value state, which is all the times use. */
    private static final class OneValue implements KeyedStates {
        long[] value;

        @Override
        @SuppressWarnings("unchecked")
        public <T> ValueState<T> value(ValueStateDescriptor<T> descriptor) {
            return (ValueState<T>) new ValueState<long[]>() {
                @Override
                public long[] value() {
                    return value;
                }

                @Override
                public void update(long[] v) {
                    value = v;
                }

                @Override
                public void clear() {
                    value = null;
                }
            };
        }

        @Override
        public <K, V> MapState<K, V> map(MapStateDescriptor<K, V> descriptor) {
            throw new UnsupportedOperationException("the times keep no map");
        }

        @Override
        public <T> ListState<T> list(ListStateDescriptor<T> descriptor) {
            throw new UnsupportedOperationException("the times keep no list");
        }
    }
}
