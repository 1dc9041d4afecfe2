package io.canarykit.cli.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;

/**
 * The demo job's snapshots under the data directory: retained checkpoints, one directory per run
 * ({@code checkpoints/<job id>/chk-N}), and the savepoint taken on a clean stop
 * ({@code savepoints/savepoint-*}). It finds the newest complete one to restore from, and once the
 * running job has completed a checkpoint of its own, deletes every other.
 */
public final class JobSnapshots {

    /** The file Flink writes last, when a checkpoint or savepoint is complete. */
    static final String METADATA = "_metadata";

    /** How long a stop waits for the job's status before it assumes the job is not running. */
    private static final Duration STATUS_WAIT = Duration.ofSeconds(1);
    /** What a stop keeps for cancelling when the savepoint does not come in time. */
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(1);

    private final Path checkpointDir;
    private final Path savepointDir;

    public JobSnapshots(Path checkpointDir, Path savepointDir) {
        if (checkpointDir == null || savepointDir == null) {
            throw new IllegalArgumentException("checkpointDir and savepointDir are required, got " + checkpointDir + ", " + savepointDir);
        }
        this.checkpointDir = checkpointDir.toAbsolutePath();
        this.savepointDir = savepointDir.toAbsolutePath();
    }

    public Path checkpointDir() {
        return checkpointDir;
    }

    public Path savepointDir() {
        return savepointDir;
    }

    /**
     * The newest complete snapshot, checkpoint or savepoint, of any run: the one whose metadata was
     * written last, the higher checkpoint number on a tie.
     */
    public Optional<Path> newest() throws IOException {
        try (Stream<Path> checkpoints = children(checkpointDir).flatMap(JobSnapshots::childrenUnchecked)
                .filter(p -> p.getFileName().toString().startsWith("chk-"));
                Stream<Path> savepoints = children(savepointDir)) {
            return Stream.concat(checkpoints, savepoints)
                    .filter(p -> Files.isRegularFile(p.resolve(METADATA)))
                    .max(Comparator.comparing(JobSnapshots::written).thenComparingLong(JobSnapshots::checkpointNumber));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Whether the run with this job id has completed a checkpoint of its own. */
    boolean hasCheckpoint(String jobId) throws IOException {
        try (Stream<Path> chk = children(checkpointDir.resolve(jobId))) {
            return chk.anyMatch(p -> p.getFileName().toString().startsWith("chk-") && Files.isRegularFile(p.resolve(METADATA)));
        }
    }

    /** Deletes every snapshot except the run's own: the other runs' checkpoint directories and all savepoints. */
    void deleteAllBut(String jobId) throws IOException {
        List<Path> doomed;
        try (Stream<Path> runs = children(checkpointDir); Stream<Path> savepoints = children(savepointDir)) {
            doomed = Stream.concat(runs.filter(p -> !p.getFileName().toString().equals(jobId)), savepoints).toList();
        }
        for (Path p : doomed) {
            Demo.wipe(p);
            Files.deleteIfExists(p);
        }
    }

    /**
     * Deletes the other snapshots once the run has completed a checkpoint: after a restore in
     * Flink's default no-claim mode that first checkpoint is a full one, so the run no longer needs
     * the snapshot it started from. Closing the returned handle stops waiting.
     */
    AutoCloseable pruneOnceCheckpointed(String jobId, Duration every) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-snapshot-pruning");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                if (hasCheckpoint(jobId)) {
                    deleteAllBut(jobId);
                    scheduler.shutdown();
                }
            } catch (IOException | RuntimeException e) {
                // Tried again at the next look; the worst case is an old snapshot left on disk.
                System.err.println("kit demo: could not delete old snapshots yet: " + e);
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return scheduler::shutdownNow;
    }

    /**
     * Stops the job within {@code timeout}: with a savepoint when it is running, so the next start
     * loses nothing; by cancelling it when it is not, or when the savepoint fails or takes too long,
     * which keeps its last checkpoint.
     *
     * @return the savepoint, or empty when the job was cancelled
     */
    Optional<String> stop(JobClient job, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // A restarting job cannot take a savepoint; waiting for one would only delay the stop.
        Optional<JobStatus> status = status(job, deadline);
        if (status.filter(s -> s == JobStatus.RUNNING).isPresent()) {
            try {
                String savepoint = job.stopWithSavepoint(false, savepointDir.toUri().toString(), SavepointFormatType.NATIVE)
                        .get(millisUntil(deadline) - CANCEL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                awaitTerminal(job, deadline);
                return Optional.of(savepoint);
            } catch (ExecutionException | TimeoutException e) {
                System.err.println("kit demo: no savepoint (" + rootMessage(e) + "); cancelling the job, its last checkpoint is kept");
            }
        } else {
            System.err.println("kit demo: the job is " + status.map(s -> s.name().toLowerCase(java.util.Locale.ROOT))
                    .orElse("not answering") + ", so no savepoint; cancelling it, its last checkpoint is kept");
        }
        cancel(job, deadline);
        return Optional.empty();
    }

    /** The job's status, or empty when it cannot be told in time or its mini-cluster has shut down with it. */
    private static Optional<JobStatus> status(JobClient job, long deadline) throws InterruptedException {
        try {
            return Optional.of(job.getJobStatus().get(Math.min(STATUS_WAIT.toMillis(), millisUntil(deadline)), TimeUnit.MILLISECONDS));
        } catch (ExecutionException | TimeoutException | IllegalStateException e) {
            // A mini-cluster that ran the job shuts down when it ends, and then refuses the question at once.
            return Optional.empty();
        }
    }

    private static void cancel(JobClient job, long deadline) throws InterruptedException {
        try {
            job.cancel().get(Math.max(0, millisUntil(deadline)), TimeUnit.MILLISECONDS);
            awaitTerminal(job, deadline);
        } catch (ExecutionException | TimeoutException cancelFailed) {
            System.err.println("kit demo: cancelling the job: " + rootMessage(cancelFailed));
        }
    }

    /**
     * Waits until the job has ended: a cancel is only acknowledged at first, and its tasks still
     * close their Kafka clients, which wait 30 s for a broker that was stopped under them.
     */
    private static void awaitTerminal(JobClient job, long deadline) throws InterruptedException {
        while (millisUntil(deadline) > 0) {
            Optional<JobStatus> status = status(job, deadline);
            if (status.isEmpty() || status.get().isGloballyTerminalState()) {
                return;
            }
            Thread.sleep(50);
        }
        System.err.println("kit demo: the job had not ended when the time to stop it was up");
    }

    private static long millisUntil(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    /** The message of an exception's deepest cause, which is the one that says what went wrong. */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static Stream<Path> children(Path dir) throws IOException {
        return Files.isDirectory(dir) ? Files.list(dir).filter(Files::isDirectory) : Stream.empty();
    }

    private static Stream<Path> childrenUnchecked(Path dir) {
        try {
            return children(dir).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileTime written(Path snapshot) {
        try {
            return Files.getLastModifiedTime(snapshot.resolve(METADATA));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long checkpointNumber(Path snapshot) {
        String name = snapshot.getFileName().toString();
        try {
            return name.startsWith("chk-") ? Long.parseLong(name.substring(4)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
