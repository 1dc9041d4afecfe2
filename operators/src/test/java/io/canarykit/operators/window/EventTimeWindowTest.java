package io.canarykit.operators.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventTimeWindowTest {

    @Test
    void evictsEventsAtExactlyTMinusWButKeepsEventsAtT() {
        EventTimeWindow<String> w = new EventTimeWindow<>(1_000);
        w.add(1_000, "at t-W");
        w.add(1_001, "just inside");
        w.add(2_000, "at t");
        List<String> evicted = new ArrayList<>();

        w.advanceTo(2_000, evicted::add);

        // The window is (1000, 2000]: ts 1000 leaves, ts 1001 and 2000 stay.
        assertThat(evicted).containsExactly("at t-W");
        assertThat(w.size()).isEqualTo(2);
        assertThat(w.oldestTs()).isEqualTo(1_001);
    }

    @Test
    void lateEventIsEvictedInTimestampOrder() {
        EventTimeWindow<String> w = new EventTimeWindow<>(100);
        w.add(500, "b");
        w.add(300, "late a");
        w.add(500, "c");
        List<String> evicted = new ArrayList<>();

        w.advanceTo(700, evicted::add);

        assertThat(evicted).containsExactly("late a", "b", "c");
        assertThat(w.isEmpty()).isTrue();
        assertThat(w.oldestTs()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void rejectsNonPositiveLength() {
        assertThatThrownBy(() -> new EventTimeWindow<>(0)).hasMessageContaining("must be positive");
    }
}
