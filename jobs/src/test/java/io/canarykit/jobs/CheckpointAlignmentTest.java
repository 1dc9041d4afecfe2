package io.canarykit.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;

class CheckpointAlignmentTest {

    @Test
    void turnsOnBufferDebloatingAtAHundredMillisecondsAsFlinkReadsIt() {
        Configuration conf = CheckpointAlignment.bound(new Configuration());

        assertThat(conf.get(TaskManagerOptions.BUFFER_DEBLOAT_ENABLED)).isTrue();
        assertThat(conf.get(TaskManagerOptions.BUFFER_DEBLOAT_TARGET)).isEqualTo(Duration.ofMillis(100));
        assertThat(new Configuration().get(TaskManagerOptions.BUFFER_DEBLOAT_ENABLED))
                .as("Flink's default, which the bound changes").isFalse();
    }
}
