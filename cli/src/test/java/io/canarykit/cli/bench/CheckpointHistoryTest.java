package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CheckpointHistoryTest {

    // Shaped as Flink 2.2 answers /jobs/<job>/checkpoints: newest first, in-progress and failed ones
    // among them, and a savepoint.
    private static final String ANSWER = """
            {"counts": {"completed": 5},
             "history": [
              {"id": 7, "status": "IN_PROGRESS", "is_savepoint": false, "trigger_timestamp": 70000,
               "end_to_end_duration": 900, "state_size": 0},
              {"id": 6, "status": "COMPLETED", "is_savepoint": true, "trigger_timestamp": 64000,
               "end_to_end_duration": 9000, "state_size": 99000000},
              {"id": 5, "status": "COMPLETED", "is_savepoint": false, "trigger_timestamp": 60000,
               "end_to_end_duration": 2466, "state_size": 78757347},
              {"id": 4, "status": "FAILED", "is_savepoint": false, "trigger_timestamp": 50000,
               "end_to_end_duration": 8000, "state_size": 0},
              {"id": 3, "status": "COMPLETED", "is_savepoint": false, "trigger_timestamp": 40000,
               "end_to_end_duration": 1983, "state_size": 38309486},
              {"id": 2, "status": "COMPLETED", "is_savepoint": false, "trigger_timestamp": 30000,
               "end_to_end_duration": 3100, "state_size": 17824816},
              {"id": 1, "status": "COMPLETED", "is_savepoint": false, "trigger_timestamp": 20000,
               "end_to_end_duration": 1521, "state_size": 1104641}
             ]}
            """;

    @Test
    void countsTheCompletedCheckpointsTriggeredInTheStretchAndTheirLongest() throws Exception {
        CheckpointHistory seen = CheckpointHistory.during(new ObjectMapper().readTree(ANSWER), 35_000, 65_000);

        // Checkpoints 3 and 5: 2 triggered at 30 s is before, 4 failed, 6 is a savepoint, 7 still runs.
        assertThat(seen.completed()).isEqualTo(2);
        assertThat(seen.completedIds()).containsExactly(3L, 5L);
        assertThat(seen.maxEndToEndMs()).isEqualTo(OptionalLong.of(2_466));
        assertThat(seen.latestStateBytes()).isEqualTo(OptionalLong.of(78_757_347));
        assertThat(seen.latestStateMb().getAsDouble()).isCloseTo(75.109, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void theNewestStateIsThatOfTheLastCheckpointCompletedByTheStretchsEnd() throws Exception {
        CheckpointHistory seen = CheckpointHistory.during(new ObjectMapper().readTree(ANSWER), 35_000, 45_000);

        assertThat(seen.completed()).isEqualTo(1);
        assertThat(seen.maxEndToEndMs()).isEqualTo(OptionalLong.of(1_983));
        assertThat(seen.latestStateBytes()).isEqualTo(OptionalLong.of(38_309_486));
    }

    @Test
    void readsTheLongestSynchronousPartOfAVertexsSubtasks() throws Exception {
        // Shaped as /jobs/<job>/checkpoints/details/<id>/subtasks/<vertex> answers.
        String answer = """
                {"id": 5, "status": "COMPLETED", "num_subtasks": 2,
                 "summary": {"end_to_end_duration": {"min": 900, "max": 2466, "avg": 1683},
                  "checkpoint_duration": {"sync": {"min": 12, "max": 765, "avg": 388, "p50": 388},
                                          "async": {"min": 40, "max": 1200, "avg": 620}},
                  "alignment": {"duration": {"min": 0, "max": 3, "avg": 1}}},
                 "subtasks": [{"index": 0, "status": "completed", "checkpoint": {"sync": 12, "async": 40}},
                              {"index": 1, "status": "completed", "checkpoint": {"sync": 765, "async": 1200}}]}
                """;
        assertThat(CheckpointHistory.longestSyncPartMs(new ObjectMapper().readTree(answer))).isEqualTo(OptionalLong.of(765));
        assertThat(CheckpointHistory.longestSyncPartMs(new ObjectMapper().readTree("{\"id\": 5, \"summary\": {}}")))
                .isEmpty();
    }

    @Test
    void aStretchWithoutACompletedCheckpointHasNoDurationAndAnEmptyAnswerNoSize() throws Exception {
        CheckpointHistory quiet = CheckpointHistory.during(new ObjectMapper().readTree(ANSWER), 66_000, 80_000);
        assertThat(quiet.completed()).isZero();
        assertThat(quiet.maxEndToEndMs()).isEmpty();
        assertThat(quiet.latestStateBytes()).isEqualTo(OptionalLong.of(78_757_347));

        CheckpointHistory none = CheckpointHistory.during(new ObjectMapper().readTree("{\"history\": []}"), 0, 1);
        assertThat(none.completed()).isZero();
        assertThat(none.latestStateMb()).isEmpty();
    }

    @Test
    void findsTheCheckpointThatRanDuringAStretch() throws Exception {
        var answer = new ObjectMapper().readTree(ANSWER);

        // 5 ran from 60,000 to 62,466: a stretch from 62,000 to 62,300 met its end.
        assertThat(CheckpointHistory.overlapping(answer, 62_000, 62_300)).hasValueSatisfying(o -> {
            assertThat(o.id()).isEqualTo(5);
            assertThat(o.triggeredAfterMs()).isEqualTo(-2_000);
            assertThat(o.describe()).isEqualTo("checkpoint 5, triggered 2000 ms before, 2466 ms end to end");
        });
        // Between 5's end and the savepoint 6 at 64,000, none ran.
        assertThat(CheckpointHistory.overlapping(answer, 62_500, 63_900)).isEmpty();
        // The failed 4 (50,000 to 58,000) counts: its barrier held the job all the same.
        assertThat(CheckpointHistory.overlapping(answer, 57_000, 57_100).map(CheckpointHistory.Overlap::id)).hasValue(4L);
        // Of two, the one triggered last: the savepoint 6 runs to 73,000, the in-progress 7 from 70,000.
        assertThat(CheckpointHistory.overlapping(answer, 69_900, 70_200)).hasValueSatisfying(o -> {
            assertThat(o.id()).isEqualTo(7);
            assertThat(o.describe()).isEqualTo("checkpoint 7, triggered 100 ms after, still running");
        });
    }

    @Test
    void readsWhereAVertexWaitedInACheckpoint() throws Exception {
        String answer = """
                {"id": 9, "status": "COMPLETED",
                 "summary": {"checkpoint_duration": {"sync": {"min": 3, "max": 28, "avg": 15}},
                  "alignment": {"duration": {"min": 40, "max": 190, "avg": 115}},
                  "start_delay": {"min": 5, "max": 61, "avg": 33}}}
                """;
        CheckpointHistory.Pause pause = CheckpointHistory.pauseOf("Symbol gate", new ObjectMapper().readTree(answer));

        assertThat(pause.heldMs()).isEqualTo(218);
        assertThat(pause.describe())
                .isEqualTo("Symbol gate: barrier after 61 ms, aligned in 190 ms, synchronous part 28 ms");
        // A checkpoint still running has no summary yet.
        assertThat(CheckpointHistory.pauseOf("x", new ObjectMapper().readTree("{\"id\": 9}")).heldMs()).isZero();
    }
}
