package io.canarykit.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarykit.cli.cluster.FlinkRest;
import io.canarykit.cli.demo.broker.KafkaBroker;
import io.canarykit.config.KitConfig;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The demo stopped and started again on the same data directory: the job's state carries over. */
class DemoRestoreITCase {

    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT");

    @TempDir
    Path dataDir;

    private Demo demo;

    @AfterEach
    void stopDemo() {
        if (demo != null) {
            demo.close();
        }
    }

    private Demo start(DemoPorts ports, boolean logStateChanges) throws Exception {
        KitConfig config = DemoTestConfig.of(ports, dataDir, SYMBOLS.size());
        demo = new Demo(dataDir, ports, config, SYMBOLS, 48).checkpointEvery(Duration.ofSeconds(2))
                .logStateChanges(logStateChanges);
        return demo.start();
    }

    /** The demo's own runs log state changes; a savepoint also restores across switching that on or off. */
    @ParameterizedTest(name = "state changelog {0}, then {1}")
    @CsvSource({"true, true", "false, true", "true, false"})
    void aSecondStartRestoresTheArmedStateWithoutArmingAgain(boolean firstLogsChanges, boolean secondLogsChanges)
            throws Exception {
        DemoPorts first = DemoPorts.free();
        start(first, firstLogsChanges);
        DemoHttp api = new DemoHttp(demo);
        assertThat(demo.restoredFrom()).as("a new data directory has nothing to restore").isEmpty();
        assertThat(armedEverywhere(api.get("/gates"))).as("the job starts disarmed").isFalse();

        JsonNode preflight = api.until("/preflight", p -> p.path("ok").asBoolean(), Duration.ofSeconds(60));
        assertThat(preflight.path("ok").asBoolean()).as("preflight %s", preflight).isTrue();
        HttpResponse<String> arm = api.send("POST", "/arm");
        assertThat(arm.statusCode()).as(arm.body()).isEqualTo(200);
        JsonNode armed = api.until("/gates", DemoRestoreITCase::armedEverywhere, Duration.ofSeconds(30));
        assertThat(armedEverywhere(armed)).as("armed in %s", armed).isTrue();
        long armedAt = System.currentTimeMillis();
        Map<String, Long> seqBefore = seqs(api.get("/gates"));
        awaitCheckpointAfter(armedAt, Duration.ofSeconds(30));
        assertThat(hasFiles(dataDir.resolve("changelog"))).as("the checkpoints logged state changes")
                .isEqualTo(firstLogsChanges);

        demo.close();
        Optional<String> savepoint = demo.savedTo();
        assertThat(savepoint).as("a clean stop takes a savepoint").isPresent();

        // The broker keeps its ports, as it does for a user; the rest may move.
        start(new DemoPorts(KafkaBroker.freePort(), first.kafka(), first.kafkaController(), KafkaBroker.freePort(),
                KafkaBroker.freePort(), KafkaBroker.freePort()), secondLogsChanges);
        api = new DemoHttp(demo);
        assertThat(demo.restoredFrom()).as("restored from the savepoint of the clean stop")
                .hasValueSatisfying(p -> assertThat(savepoint.get()).endsWith(p.getFileName().toString()));

        Map<String, Long> before = seqBefore;
        JsonNode after = api.until("/gates", g -> rose(before, seqs(g)) && armedEverywhere(g), Duration.ofSeconds(30));
        assertThat(armedEverywhere(after)).as("still armed after the restart, without arming: %s", after).isTrue();
        assertThat(rose(before, seqs(after))).as("seq keeps rising: before %s, after %s", before, after).isTrue();

        JobSnapshots snapshots = demo.snapshots();
        String jobId = demo.job().getJobID().toHexString();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!onlyRun(snapshots, jobId) && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertThat(onlyRun(snapshots, jobId)).as("the old snapshots are deleted once the new run has checkpointed").isTrue();
    }

    /** True when every symbol has a decision and none is held back by the disarmed gate. */
    private static boolean armedEverywhere(JsonNode gates) {
        return SYMBOLS.stream().allMatch(s -> {
            JsonNode d = DemoHttp.decision(gates, s);
            return !d.isMissingNode() && !d.path("gates").path("disarmed").asBoolean(true);
        });
    }

    private static Map<String, Long> seqs(JsonNode gates) {
        Map<String, Long> seqs = new HashMap<>();
        for (String s : SYMBOLS) {
            seqs.put(s, DemoHttp.decision(gates, s).path("seq").asLong(-1));
        }
        return seqs;
    }

    private static boolean rose(Map<String, Long> before, Map<String, Long> after) {
        return SYMBOLS.stream().allMatch(s -> after.get(s) > before.get(s));
    }

    private void awaitCheckpointAfter(long millis, Duration timeout) throws Exception {
        FlinkRest rest = new FlinkRest(demo.flinkUrl());
        String jobId = demo.job().getJobID().toHexString();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<JsonNode> last = rest.lastCheckpoint(jobId);
            if (last.isPresent() && last.get().path("trigger_timestamp").asLong() > millis) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no checkpoint completed within " + timeout + " after arming");
    }

    private static boolean onlyRun(JobSnapshots snapshots, String jobId) throws Exception {
        try (Stream<Path> runs = Files.list(snapshots.checkpointDir())) {
            List<String> names = runs.map(p -> p.getFileName().toString()).toList();
            boolean noSavepoints = !Files.isDirectory(snapshots.savepointDir()) || isEmpty(snapshots.savepointDir());
            return names.equals(List.of(jobId)) && noSavepoints && snapshots.hasCheckpoint(jobId);
        }
    }

    private static boolean hasFiles(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.anyMatch(Files::isRegularFile);
        }
    }

    private static boolean isEmpty(Path dir) throws Exception {
        try (Stream<Path> children = Files.list(dir)) {
            return children.findAny().isEmpty();
        }
    }
}
