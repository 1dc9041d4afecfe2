package io.canarykit.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobSnapshotsTest {

    @TempDir
    Path data;

    private JobSnapshots snapshots() {
        return new JobSnapshots(data.resolve("checkpoints"), data.resolve("savepoints"));
    }

    /** A snapshot directory, complete (with metadata written at {@code second}) or not. */
    private Path snapshot(String relative, Long second) throws Exception {
        Path dir = Files.createDirectories(data.resolve(relative));
        Files.writeString(dir.resolve("state-file"), "x");
        if (second != null) {
            Path metadata = Files.writeString(dir.resolve(JobSnapshots.METADATA), "meta");
            Files.setLastModifiedTime(metadata, FileTime.from(Instant.ofEpochSecond(second)));
        }
        return dir;
    }

    @Test
    void findsNothingInAnEmptyDataDirectory() throws Exception {
        assertThat(snapshots().newest()).isEmpty();
    }

    @Test
    void picksTheNewestCompleteCheckpointAcrossRuns() throws Exception {
        snapshot("checkpoints/aaaa/chk-40", 1_000L);
        Path newest = snapshot("checkpoints/bbbb/chk-3", 2_000L);
        snapshot("checkpoints/bbbb/chk-4", null);
        Files.createDirectories(data.resolve("checkpoints/bbbb/shared"));

        assertThat(snapshots().newest()).contains(newest.toAbsolutePath());
    }

    @Test
    void prefersTheHigherCheckpointWhenBothWereWrittenTheSameMoment() throws Exception {
        snapshot("checkpoints/aaaa/chk-9", 1_000L);
        Path higher = snapshot("checkpoints/aaaa/chk-10", 1_000L);

        assertThat(snapshots().newest()).contains(higher.toAbsolutePath());
    }

    @Test
    void picksASavepointTakenAfterTheLastCheckpoint() throws Exception {
        snapshot("checkpoints/aaaa/chk-7", 1_000L);
        Path savepoint = snapshot("savepoints/savepoint-aaaa-123", 1_001L);

        assertThat(snapshots().newest()).contains(savepoint.toAbsolutePath());
    }

    @Test
    void deletesEveryOtherRunAndSavepointButKeepsTheRunningOne() throws Exception {
        snapshot("checkpoints/old1/chk-7", 1_000L);
        snapshot("savepoints/savepoint-old1-1", 1_001L);
        Path own = snapshot("checkpoints/current/chk-8", 1_002L);
        JobSnapshots snapshots = snapshots();

        assertThat(snapshots.hasCheckpoint("current")).isTrue();
        assertThat(snapshots.hasCheckpoint("other")).isFalse();
        snapshots.deleteAllBut("current");

        assertThat(data.resolve("checkpoints/old1")).doesNotExist();
        assertThat(data.resolve("savepoints/savepoint-old1-1")).doesNotExist();
        assertThat(own.resolve(JobSnapshots.METADATA)).exists();
        assertThat(snapshots.newest()).contains(own.toAbsolutePath());
    }

    @Test
    void waitsForTheRunsFirstCheckpointBeforeItDeletesAnything() throws Exception {
        Path old = snapshot("checkpoints/old1/chk-7", 1_000L);
        snapshot("checkpoints/current/chk-8", null);
        JobSnapshots snapshots = snapshots();

        try (AutoCloseable pruning = snapshots.pruneOnceCheckpointed("current", java.time.Duration.ofMillis(20))) {
            Thread.sleep(200);
            assertThat(old).exists();
            Files.writeString(data.resolve("checkpoints/current/chk-8").resolve(JobSnapshots.METADATA), "meta");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (Files.exists(old) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }

        assertThat(old).doesNotExist();
        assertThat(data.resolve("checkpoints/current/chk-8/_metadata")).exists();
    }
}
