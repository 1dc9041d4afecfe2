package io.canarykit.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The live job's checkpoints over a measured stretch, read from Flink's {@code /jobs/<job>/checkpoints}
 * answer: how many of those triggered in it completed, the longest of them end to end, and the state
 * size of the newest one completed by its end. A checkpoint's pauses (a RocksDB memtable flush, the
 * heap backend's copies of maps written after a snapshot) fall on the job's task threads, and its size
 * is what each one carries, so both explain a latency tail that comes every checkpoint interval.
 *
 * <p>Only the history Flink keeps counts ({@code web.checkpoints.history}, 10 by default, about 100 s
 * at the live job's 10 s interval); a checkpoint still running at the end is not counted.
 */
record CheckpointHistory(List<Long> completedIds, OptionalLong maxEndToEndMs, OptionalLong latestStateBytes) {

    private static final double BYTES_PER_MB = 1024.0 * 1024.0;
    private static final String COMPLETED = "COMPLETED";

    /** The checkpoints of {@code answer} triggered within {@code [fromMs, toMs]} (epoch ms), and the newest state size. */
    static CheckpointHistory during(JsonNode answer, long fromMs, long toMs) {
        List<Long> completed = new ArrayList<>();
        long maxMs = Long.MIN_VALUE;
        long newestId = Long.MIN_VALUE;
        long newestBytes = -1;
        for (JsonNode checkpoint : answer.path("history")) {
            if (!COMPLETED.equals(checkpoint.path("status").asText()) || checkpoint.path("is_savepoint").asBoolean(false)) {
                continue;
            }
            long triggered = checkpoint.path("trigger_timestamp").asLong(Long.MIN_VALUE);
            if (triggered > toMs) {
                continue;
            }
            long id = checkpoint.path("id").asLong();
            if (id > newestId && checkpoint.hasNonNull("state_size")) {
                newestId = id;
                newestBytes = checkpoint.path("state_size").asLong();
            }
            if (triggered >= fromMs) {
                completed.add(id);
                maxMs = Math.max(maxMs, checkpoint.path("end_to_end_duration").asLong());
            }
        }
        completed.sort(null);
        return new CheckpointHistory(List.copyOf(completed),
                completed.isEmpty() ? OptionalLong.empty() : OptionalLong.of(maxMs),
                newestBytes < 0 ? OptionalLong.empty() : OptionalLong.of(newestBytes));
    }

    /**
     * A checkpoint that ran during {@code [fromMs, toMs]} (epoch ms), savepoints included, whatever
     * became of it: the one triggered last before the stretch's end whose end (a running one has none
     * yet) is not before its start. Says whether a slow stretch met a checkpoint's barrier.
     */
    static Optional<Overlap> overlapping(JsonNode answer, long fromMs, long toMs) {
        Overlap found = null;
        for (JsonNode checkpoint : answer.path("history")) {
            long triggered = checkpoint.path("trigger_timestamp").asLong(Long.MIN_VALUE);
            if (triggered == Long.MIN_VALUE || triggered > toMs) {
                continue;
            }
            boolean running = "IN_PROGRESS".equals(checkpoint.path("status").asText());
            long took = checkpoint.path("end_to_end_duration").asLong(0);
            if (!running && triggered + took < fromMs) {
                continue;
            }
            if (found == null || triggered > fromMs + found.triggeredAfterMs()) {
                found = new Overlap(checkpoint.path("id").asLong(), triggered - fromMs,
                        running ? OptionalLong.empty() : OptionalLong.of(took));
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * A checkpoint that overlapped a stretch: its id, when it was triggered after the stretch's start
     * (negative: before it) and how long it took end to end (empty while it ran).
     */
    record Overlap(long id, long triggeredAfterMs, OptionalLong endToEndMs) {

        /** For a progress line: "checkpoint 7, triggered 40 ms before, 180 ms end to end". */
        String describe() {
            String when = triggeredAfterMs < 0 ? -triggeredAfterMs + " ms before" : triggeredAfterMs + " ms after";
            return "checkpoint " + id + ", triggered " + when + ", "
                    + (endToEndMs.isPresent() ? endToEndMs.getAsLong() + " ms end to end" : "still running");
        }
    }

    /** How many checkpoints triggered in the stretch completed. */
    int completed() {
        return completedIds.size();
    }

    /**
     * The longest synchronous part of any subtask in one vertex's statistics of one checkpoint (the
     * answer of {@code /jobs/<job>/checkpoints/details/<id>/subtasks/<vertex>}): the time the
     * subtask's thread spent in the checkpoint rather than on records. Empty if it is not there.
     */
    static OptionalLong longestSyncPartMs(JsonNode vertexCheckpoint) {
        JsonNode max = vertexCheckpoint.path("summary").path("checkpoint_duration").path("sync").path("max");
        return max.isNumber() ? OptionalLong.of(max.asLong()) : OptionalLong.empty();
    }

    /**
     * Where one vertex's subtasks waited in one checkpoint (the answer of
     * {@code /jobs/<job>/checkpoints/details/<id>/subtasks/<vertex>}): the longest wait for the first
     * barrier after the trigger, the longest alignment of the barriers of every input, and the longest
     * synchronous part, each over the subtasks; a figure Flink has not reported yet is 0.
     */
    static Pause pauseOf(String vertex, JsonNode vertexCheckpoint) {
        JsonNode summary = vertexCheckpoint.path("summary");
        return new Pause(vertex, summary.path("start_delay").path("max").asLong(0),
                summary.path("alignment").path("duration").path("max").asLong(0),
                summary.path("checkpoint_duration").path("sync").path("max").asLong(0));
    }

    /** One vertex's longest waits in a checkpoint, in ms. */
    record Pause(String vertex, long startDelayMs, long alignmentMs, long syncMs) {

        /** The time a record arriving with the barrier could have waited behind it at this vertex. */
        long heldMs() {
            return alignmentMs + syncMs;
        }

        String describe() {
            return vertex + ": barrier after " + startDelayMs + " ms, aligned in " + alignmentMs + " ms, synchronous part "
                    + syncMs + " ms";
        }
    }

    /** The newest state size in MiB, as the figures give it. */
    OptionalDouble latestStateMb() {
        return latestStateBytes.isPresent() ? OptionalDouble.of(latestStateBytes.getAsLong() / BYTES_PER_MB)
                : OptionalDouble.empty();
    }
}
