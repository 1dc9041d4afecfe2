package io.canarykit.operators.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LogThrottleTest {

    @Test
    void logsTheFirstOccurrenceOfEachKindAndThenOncePerInterval() {
        LogThrottle throttle = new LogThrottle(60_000);

        assertThat(throttle.offer("empty", 1_000)).isEqualTo(new LogThrottle.Verdict(true, 0));
        assertThat(throttle.offer("invalid_json", 1_001).log()).isTrue();
        assertThat(throttle.offer("empty", 2_000).log()).isFalse();
        assertThat(throttle.offer("empty", 60_999).log()).isFalse();
        // 60 s after its last line, with the two occurrences in between counted.
        assertThat(throttle.offer("empty", 61_000)).isEqualTo(new LogThrottle.Verdict(true, 2));
        assertThat(throttle.offer("empty", 61_001).log()).isFalse();
        assertThat(throttle.offer("invalid_json", 61_001)).isEqualTo(new LogThrottle.Verdict(true, 0));
    }

    @Test
    void refusesAnIntervalThatIsNotPositive() {
        assertThatThrownBy(() -> new LogThrottle(0)).hasMessageContaining("intervalMs must be positive");
    }
}
