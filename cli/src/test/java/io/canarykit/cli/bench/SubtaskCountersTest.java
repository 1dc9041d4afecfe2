package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubtaskCountersTest {

    @Test
    void asksForEveryMetricOfEverySubtask() {
        assertThat(SubtaskCounters.metricNames(2)).containsExactly(
                "0.accumulateBusyTimeMs", "0.accumulateBackPressuredTimeMs", "0.accumulateIdleTimeMs",
                "0.numRecordsIn", "0.busyTimeMsPerSecond",
                "1.accumulateBusyTimeMs", "1.accumulateBackPressuredTimeMs", "1.accumulateIdleTimeMs",
                "1.numRecordsIn", "1.busyTimeMsPerSecond");
    }

    @Test
    void readsEachSubtasksTotalsFromTheRestAnswerAndAnUnreadableOneAsNaN() throws Exception {
        String answer = """
                [{"id":"0.accumulateBusyTimeMs","value":"1234.5"},
                 {"id":"0.accumulateBackPressuredTimeMs","value":"10"},
                 {"id":"0.accumulateIdleTimeMs","value":"8755.5"},
                 {"id":"0.numRecordsIn","value":"42000"},
                 {"id":"0.busyTimeMsPerSecond","value":"NaN"},
                 {"id":"1.accumulateBusyTimeMs","value":"not a number"},
                 {"id":"1.accumulateIdleTimeMs","value":"9990"}]
                """;

        List<SubtaskCounters> read = SubtaskCounters.parse(new ObjectMapper().readTree(answer), 2);

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
}
