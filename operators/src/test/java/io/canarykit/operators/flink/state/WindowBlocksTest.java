package io.canarykit.operators.flink.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

class WindowBlocksTest {

    @Test
    void aBlocksKeyIsItsLaneInTheTopByteAndItsNumberBelow() {
        // 5 * 2^56 + 3, worked by hand.
        assertThat(WindowBlocks.keyOf(5, 3)).isEqualTo(360_287_970_189_639_683L);
        assertThat(WindowBlocks.keyOf(0, 7)).isEqualTo(7L);
        // The highest lane keeps keys positive: 127 * 2^56 + (2^56 - 1) = 2^63 - 1.
        assertThat(WindowBlocks.keyOf(WindowBlocks.MAX_LANE, (1L << 56) - 1)).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> WindowBlocks.keyOf(1, 1L << 56)).hasMessageContaining("outside a lane's range");
        assertThatThrownBy(() -> WindowBlocks.keyOf(1, -1)).hasMessageContaining("outside a lane's range");
    }

    /** Registers a store in open and takes lanes as the test says, noting each refusal. */
    static final class LaneTaker extends KeyedProcessFunction<String, String, String> {
        static final List<String> REFUSALS = new ArrayList<>();

        @Override
        public void open(OpenContext openContext) {
            WindowBlocks<String> store = WindowBlocks.register(KeyedStates.of(getRuntimeContext()), "ids", Types.STRING);
            store.lane(0, "first");
            for (int lane : new int[] {0, -1, WindowBlocks.MAX_LANE + 1}) {
                try {
                    store.lane(lane, "second");
                } catch (IllegalArgumentException e) {
                    REFUSALS.add(e.getMessage());
                }
            }
            store.lane(WindowBlocks.MAX_LANE, "last");
        }

        @Override
        public void processElement(String value, Context ctx, Collector<String> out) {}
    }

    @Test
    void aLaneIsTakenOnceAndOnlyWithinItsRange() throws Exception {
        LaneTaker.REFUSALS.clear();
        try (var harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new LaneTaker()), (String s) -> s, Types.STRING)) {
            harness.setStateBackend(new HashMapStateBackend());
            harness.open();
        }
        assertThat(LaneTaker.REFUSALS).containsExactly(
                "lane 0 of ids is taken; second needs its own",
                "lane of second in ids must be 0 to 127, got -1",
                "lane of second in ids must be 0 to 127, got 128");
    }
}
