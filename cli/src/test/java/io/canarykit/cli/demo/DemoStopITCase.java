package io.canarykit.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.cli.cluster.FlinkRest;
import io.canarykit.config.KitConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stop that Ctrl-C runs (the shutdown hook of {@code kit demo} calls {@link Demo#close()}),
 * while the job is restart-looping: everything must be gone within 10 s.
 */
class DemoStopITCase {

    private static final Duration CTRL_C_LIMIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    private Demo demo;

    @AfterEach
    void stopDemo() {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void stopsEverythingWithinTenSecondsWhileTheJobIsRestartLooping() throws Exception {
        // The bug: Ctrl-C waited 30 s for a savepoint the restarting job could not take, then up to 30 s more.
        DemoPorts ports = DemoPorts.free();
        KitConfig config = DemoTestConfig.of(ports, dataDir, 1);
        // Every piece of state goes to a file, none inline in the checkpoint held in the JobManager's memory: with
        // small state inline, a restore needs no file, the job runs again between failures and may well be saved.
        demo = new Demo(dataDir, ports, config, List.of("BTCUSDT"), 48).checkpointEvery(Duration.ofSeconds(1))
                .flinkSetting("execution.checkpointing.data-inline-threshold", "0 b").start();
        String jobId = demo.job().getJobID().toHexString();
        FlinkRest flink = new FlinkRest(demo.flinkUrl());
        awaitCheckpoint(flink, jobId);

        loseTheCheckpointStorage(jobId);
        awaitFailures(flink, jobId, 2);

        long pid = demo.broker().pid();
        long started = System.nanoTime();
        demo.close();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        awaitClosed(ports.flinkUi(), CTRL_C_LIMIT.minus(took));
        awaitClosed(ports.sidecar(), Duration.ZERO);
        Duration allGone = Duration.ofNanos(System.nanoTime() - started);
        System.out.println("DemoStopITCase: close() returned after " + took.toMillis() + " ms, everything gone after "
                + allGone.toMillis() + " ms");

        assertThat(allGone).as("the stop").isLessThan(CTRL_C_LIMIT);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("the broker is alive").isFalse();
        assertThat(demo.savedTo()).as("a restarting job is cancelled, not saved").isEmpty();
    }

    @Test
    void stopsEverythingWithinTenSecondsWhenStoppedWhileStarting() throws Exception {
        // Ctrl-C while the demo starts runs the stop beside start(), which went on starting parts no one would stop.
        DemoPorts ports = DemoPorts.free();
        demo = new Demo(dataDir, ports, DemoTestConfig.of(ports, dataDir, 1), List.of("BTCUSDT"), 48);
        CompletableFuture<Demo> starting = CompletableFuture.supplyAsync(this::startDemo);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (demo.job() == null && !starting.isDone()) {
            assertThat(System.nanoTime()).as("the job submitted within 90 s").isLessThan(deadline);
            Thread.sleep(20);
        }
        long pid = demo.broker().pid();

        long started = System.nanoTime();
        demo.close();
        assertThatThrownBy(() -> starting.get(CTRL_C_LIMIT.toMillis(), TimeUnit.MILLISECONDS))
                .hasRootCauseMessage("the demo was stopped while it started");
        awaitClosed(ports.flinkUi(), CTRL_C_LIMIT.minus(Duration.ofNanos(System.nanoTime() - started)));
        Duration allGone = Duration.ofNanos(System.nanoTime() - started);
        System.out.println("DemoStopITCase: stopped while starting; everything gone after " + allGone.toMillis() + " ms");

        assertThat(allGone).as("the stop").isLessThan(CTRL_C_LIMIT);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("the broker is alive").isFalse();
        assertThat(accepts(ports.sidecar())).as("the sidecar accepts connections").isFalse();
    }

    private Demo startDemo() {
        try {
            return demo.start();
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    /**
     * Puts a file where the run keeps its checkpoints, as a lost or remounted disk would: the next
     * checkpoint fails, which fails the job, and every restore fails on the missing files.
     */
    private void loseTheCheckpointStorage(String jobId) throws IOException {
        Path run = demo.snapshots().checkpointDir().resolve(jobId);
        // Moved away in one step, since the job keeps writing into it; retried if Flink recreated it meanwhile.
        for (int attempt = 0; Files.isDirectory(run); attempt++) {
            Files.move(run, run.resolveSibling(jobId + ".lost-" + attempt));
            try {
                Files.writeString(run, "not a directory", StandardOpenOption.CREATE_NEW);
            } catch (FileAlreadyExistsException recreated) {
                // The job made the directory again between the move and the write; move that one too.
            }
        }
    }

    private static void awaitCheckpoint(FlinkRest flink, String jobId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (flink.lastCheckpoint(jobId).isEmpty()) {
            assertThat(System.nanoTime()).as("a first checkpoint within 60 s").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static void awaitFailures(FlinkRest flink, String jobId, int failures) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (flink.exceptionHistory(jobId).size() < failures) {
            assertThat(System.nanoTime()).as("%s failures of the job within 40 s", failures).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static void awaitClosed(int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (accepts(port) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
