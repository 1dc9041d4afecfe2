package io.canarykit.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.operators.flink.JobClock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatingJobOptionsTest {

    private static GatingJobOptions parse(String... args) throws Exception {
        return GatingJobOptions.parse(args, Map.of());
    }

    @Test
    void runsOnTheWallClockUnlessToldOtherwise() throws Exception {
        GatingJobOptions options = parse("--champion", "m1");
        assertThat(options.clock()).isEqualTo(JobClock.LIVE);
        assertThat(options.workflow().gate().clock()).isEqualTo(JobClock.LIVE);
    }

    @Test
    void eventClockRunsTheGraphInEventTimeWithTheGivenIdleness() throws Exception {
        GatingJobOptions options = parse("--champion", "m1", "--clock", "event", "--idleness-ms", "0");
        assertThat(options.workflow().gate().clock()).isEqualTo(JobClock.EVENT);
        assertThat(options.workflow().idlenessMs()).isZero();
        assertThat(options.workflow().outOfOrdernessMs()).isEqualTo(options.kit().outOfOrdernessMs());
    }

    @Test
    void anUnknownClockIsAnErrorThatNamesTheChoices() {
        assertThatThrownBy(() -> parse("--champion", "m1", "--clock", "wall"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--clock must be live or event, got 'wall'");
    }

    @Test
    void unknownFlagsAreRefusedWithTheListOfKnownOnes() {
        assertThatThrownBy(() -> parse("--champion", "m1", "--clok", "event"))
                .hasMessageContaining("unknown flag --clok")
                .hasMessageContaining("--clock");
    }

    @Test
    void readsEveryNumericFlag() throws Exception {
        GatingJobOptions options = parse("--champion", "m1", "--partitions", "2", "--checkpoint-interval-ms", "2000",
                "--idle-symbol-ttl-ms", "60000", "--group-id", "drill", "--create-topics=false");
        assertThat(options.partitions()).isEqualTo(2);
        assertThat(options.checkpointIntervalMs()).isEqualTo(2_000);
        assertThat(options.idleSymbolTtlMs()).isEqualTo(60_000);
        assertThat(options.groupId()).isEqualTo("drill");
        assertThat(options.createTopics()).isFalse();
    }

    @Test
    void aBooleanFlagTakesOnlyTrueOrFalse() {
        // "yes" used to be read as false, so a typo turned topic creation off without a word.
        assertThatThrownBy(() -> parse("--champion", "m1", "--create-topics", "yes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--create-topics must be true or false, got 'yes'");
    }

    @Test
    void aRepeatedFlagTakesItsLastValue() throws Exception {
        GatingJobOptions options = parse("--champion", "m1", "--group-id", "first", "--group-id", "second");
        assertThat(options.groupId()).isEqualTo("second");
    }

    @Test
    void keepsTheDefaultsOfTheFlagsNotGiven() throws Exception {
        GatingJobOptions options = parse("--champion", "m1");
        assertThat(options.groupId()).isEqualTo("canary-kit-gating");
        assertThat(options.partitions()).isEqualTo(3);
        assertThat(options.replicationFactor()).isEqualTo((short) 1);
        assertThat(options.createTopics()).isTrue();
        assertThat(options.checkpointIntervalMs()).isEqualTo(10_000);
        assertThat(options.checkpointDir()).isNull();
        assertThat(options.idlenessMs()).isEqualTo(2_000);
        assertThat(options.idleSymbolTtlMs()).isEqualTo(3_600_000);
        assertThat(options.challenger()).isNull();
        assertThat(options.stateBackend()).isEqualTo("rocksdb");
        assertThat(GatingJob.flinkConfig(options).getString("state.backend.type", null)).isEqualTo("rocksdb");
    }

    @Test
    void theStateBackendIsRocksDbOrTheHeapAndNothingElse() throws Exception {
        GatingJobOptions heap = parse("--champion", "m1", "--state-backend", "HashMap");
        assertThat(heap.stateBackend()).isEqualTo("hashmap");
        assertThat(GatingJob.flinkConfig(heap).getString("state.backend.type", null)).isEqualTo("hashmap");
        assertThatThrownBy(() -> parse("--champion", "m1", "--state-backend", "forst"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--state-backend must be rocksdb or hashmap, got 'forst'");
    }

    @Test
    void aChampionIsRequiredWithoutProfiles() {
        assertThatThrownBy(() -> parse("--group-id", "g"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--champion is required");
    }
}
