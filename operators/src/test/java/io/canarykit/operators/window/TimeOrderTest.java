package io.canarykit.operators.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

class TimeOrderTest {

    private static final ToLongFunction<Long> ITSELF = Long::longValue;

    @Test
    void findsTheFirstEntryAfterTheTimeBehindTheHead() {
        List<Long> times = List.of(5L, 10L, 20L, 20L, 30L);

        assertThat(TimeOrder.firstAfter(times, 1, 20, ITSELF)).isEqualTo(4);
        assertThat(TimeOrder.firstAfter(times, 1, 19, ITSELF)).isEqualTo(2);
        assertThat(TimeOrder.firstAfter(times, 1, 30, ITSELF)).isEqualTo(5);
        // Nothing held from the head on is at or before 7, so the answer is the head itself.
        assertThat(TimeOrder.firstAfter(times, 1, 7, ITSELF)).isEqualTo(1);
        assertThat(TimeOrder.firstAfter(times, 5, 0, ITSELF)).isEqualTo(5);
    }

    @Test
    void compactsOnlyOnceTheDroppedSlotsAreAsManyAsTheHeldOnes() {
        List<Long> slots = new ArrayList<>(List.of(1L, 2L, 3L, 4L, 5L));

        assertThat(TimeOrder.compact(slots, 2)).isEqualTo(2);
        assertThat(slots).containsExactly(1L, 2L, 3L, 4L, 5L);

        assertThat(TimeOrder.compact(slots, 3)).isZero();
        assertThat(slots).containsExactly(4L, 5L);

        assertThat(TimeOrder.compact(slots, 2)).isZero();
        assertThat(slots).isEmpty();
    }
}
