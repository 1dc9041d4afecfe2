package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubtaskCountersTest {

    @Test
    void readsEachSubtasksTotalsByNameAndAMissingOneAsNaN() {
        Map<String, Double> values = Map.of(
                "0.accumulateBusyTimeMs", 1234.5,
                "0.accumulateBackPressuredTimeMs", 10.0,
                "0.accumulateIdleTimeMs", 8755.5,
                "0.numRecordsIn", 42_000.0,
                "0.busyTimeMsPerSecond", Double.NaN,
                "1.accumulateIdleTimeMs", 9_990.0);

        List<SubtaskCounters> read = SubtaskCounters.of(values, 2);

        SubtaskCounters first = read.get(0);
        assertThat(first).isEqualTo(new SubtaskCounters(0, 1234.5, 10, 8755.5, 42_000, Double.NaN));
        assertThat(first.totalMs()).isEqualTo(10_000.0);
        assertThat(first.complete()).isTrue();
        SubtaskCounters second = read.get(1);
        assertThat(second.subtask()).isEqualTo(1);
        assertThat(second.busyMs()).isNaN();
        assertThat(second.backPressuredMs()).isNaN();
        assertThat(second.idleMs()).isEqualTo(9_990.0);
        assertThat(second.complete()).isFalse();
    }

    @Test
    void readsTheMetricsFlinkRegistersOnATasksGroup() {
        assertThat(SubtaskCounters.METRICS).containsExactly("accumulateBusyTimeMs", "accumulateBackPressuredTimeMs",
                "accumulateIdleTimeMs", "numRecordsIn", "busyTimeMsPerSecond");
    }
}
