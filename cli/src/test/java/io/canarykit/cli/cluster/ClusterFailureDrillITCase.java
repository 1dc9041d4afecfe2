package io.canarykit.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarykit.config.ConfigLoader;
import io.canarykit.config.KitConfig;
import io.canarykit.jobs.WorkflowSettings;
import io.canarykit.jobs.io.TopicProvisioner;
import io.canarykit.jobs.replay.Replay;
import io.canarykit.jobs.replay.ReplayResult;
import io.canarykit.jobs.replay.SyntheticDesk;
import io.canarykit.operators.flink.GateSettings;
import io.canarykit.operators.flink.JobClock;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.TcaRecord;
import io.canarykit.schema.Topics;
import io.canarykit.schema.codec.Decoded;
import io.canarykit.schema.codec.JsonCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The failure drill on a real session cluster (a JobManager, a TaskManager and a Kafka broker, each
 * its own process): the shaded job runs a deterministic session with 2 s incremental RocksDB
 * checkpoints, its TaskManager is SIGKILLed mid-stream and a new one started, then it is stopped
 * with a savepoint and resubmitted for the rest of the session. Every decision, KPI and TCA record
 * must equal those of a replay of the same session that never failed, and every symbol's seq must
 * keep rising on kit.gate-decisions, duplicates allowed, nothing lost.
 */
class ClusterFailureDrillITCase {

    private static final long START_TS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final long STEP_MS = 100;
    private static final long STEPS_ONE = 500;
    private static final long STEPS_TWO = 150;
    private static final Map<String, String> DESK = Map.of(
            "MAX_TRADES_PER_DAY", "20000",
            "MAX_OPEN_POSITIONS", String.valueOf(DrillRecording.SYMBOLS.size()),
            "MAX_DAILY_DRAWDOWN_PCT", "0.05");
    /** A record that reaches the topic later than this after the kill came from the restored job. */
    private static final long OLD_TASK_MANAGER_GRACE_NANOS = 1_000_000_000L;

    private static LocalCluster cluster;
    private static FlinkRest rest;
    private static Path root;
    private static Path work;

    @BeforeAll
    static void up() throws Exception {
        root = ClusterCommand.projectRoot();
        work = Files.createTempDirectory(Path.of("/tmp"), "kc");
        cluster = new LocalCluster(work.resolve("cluster"), root.resolve("deploy/local/config.yaml"),
                root.resolve("cli/src/main/jvm/java17.args"), ClusterPorts.free());
        long start = System.nanoTime();
        cluster.start();
        rest = new FlinkRest(cluster.restUrl());
        cluster.awaitReady(Duration.ofSeconds(120), rest);
        System.out.printf("failure drill: cluster up in %.1f s%n", seconds(System.nanoTime() - start));
    }

    @AfterAll
    static void down() {
        if (cluster != null) {
            assertThat(cluster.stop()).contains(LocalCluster.TASK_MANAGER, LocalCluster.JOB_MANAGER, LocalCluster.KAFKA);
            assertThat(cluster.describeProcesses()).allMatch(line -> line.endsWith("not running"));
        }
    }

    @Test
    void survivesATaskManagerKillAndASavepointUpgradeWithTheOutputOfARunThatNeverFailed() throws Exception {
        DrillRecording recording = DrillRecording.write(work.resolve("recording"), START_TS, STEP_MS, STEPS_ONE, STEPS_TWO, 7L);
        new TopicProvisioner(cluster.kafkaBootstrap(), DrillRecording.PARTITIONS, (short) 1).createMissing(30_000);
        try (TopicTail decisions = TopicTail.start(cluster.kafkaBootstrap(), Topics.GATE_DECISIONS);
                TopicTail kpis = TopicTail.start(cluster.kafkaBootstrap(), Topics.KPIS);
                TopicTail tca = TopicTail.start(cluster.kafkaBootstrap(), Topics.TCA)) {
            String jarId = rest.upload(shadedJar());
            String jobId = rest.run(jarId, jobArgs(recording), null, DrillRecording.PARTITIONS);
            awaitAllTasksRunning(jobId, Duration.ofSeconds(90));

            // Phase one: a TaskManager dies mid-stream and the job comes back on its own.
            List<DrillRecording.Line> phaseOne = recording.phaseOne();
            int beforeKill = phaseOne.size() * 2 / 5;
            try (PacedFeed feed = PacedFeed.start(cluster.kafkaBootstrap(), phaseOne.subList(0, beforeKill), Duration.ofSeconds(12))) {
                feed.await(Duration.ofSeconds(60));
            }
            long lastBeforeKill = awaitCheckpointAfter(jobId, System.currentTimeMillis(), Duration.ofSeconds(60));
            assertThat(filesUnder(cluster.dir().resolve("state").resolve("changelog")))
                    .as("the checkpoints log the state's changes on the cluster's storage").isPositive();
            try (PacedFeed feed = PacedFeed.start(cluster.kafkaBootstrap(), phaseOne.subList(beforeKill, phaseOne.size()),
                    Duration.ofSeconds(18))) {
                awaitSent(feed, feed.total() / 10, Duration.ofSeconds(30));
                long killedAt = System.nanoTime();
                long killedAtMillis = System.currentTimeMillis();
                assertThat(cluster.killTaskManager()).as("a TaskManager ran").isTrue();
                int sentAtKill = beforeKill + feed.sent();
                cluster.startTaskManager();
                JsonNode restored = awaitRestoreAfter(jobId, killedAtMillis, Duration.ofSeconds(120));
                assertThat(restored.path("is_savepoint").asBoolean()).isFalse();
                assertThat(restored.path("id").asLong()).as("restored from the last checkpoint before the kill, or a later one")
                        .isGreaterThanOrEqualTo(lastBeforeKill);
                long kpisBack = awaitFirstArrivalAfter(kpis, killedAt + OLD_TASK_MANAGER_GRACE_NANOS, Duration.ofSeconds(120));
                long decisionsBack = awaitFirstArrivalAfter(decisions, killedAt + OLD_TASK_MANAGER_GRACE_NANOS,
                        Duration.ofSeconds(120));
                System.out.printf("failure drill: TaskManager killed with %d of %d records sent; restore from checkpoint #%d"
                        + " began %.1f s after the kill; KPIs flowing again after %.1f s, decisions after %.1f s%n",
                        sentAtKill, phaseOne.size(), restored.path("id").asLong(),
                        (restored.path("restore_timestamp").asLong() - killedAtMillis) / 1000.0,
                        seconds(kpisBack - killedAt), seconds(decisionsBack - killedAt));
                feed.await(Duration.ofSeconds(120));
            }
            assertThat(rest.jobState(jobId)).isEqualTo("RUNNING");

            // Phase two: stop with a savepoint, resubmit from it, and feed the rest of the session.
            long stopStart = System.nanoTime();
            String savepoint = rest.stopWithSavepoint(jobId, cluster.savepointDir(), Duration.ofMinutes(2));
            String resumedId = rest.run(jarId, jobArgs(recording), savepoint, DrillRecording.PARTITIONS);
            awaitAllTasksRunning(resumedId, Duration.ofSeconds(90));
            System.out.printf("failure drill: stopped with savepoint and running again in %.1f s (%s)%n",
                    seconds(System.nanoTime() - stopStart), savepoint);
            // Restored in CLAIM mode (the state changelog needs it), Flink lists the savepoint as a
            // checkpoint it now owns: its path says where the job started from.
            assertThat(rest.restoredFrom(resumedId)).get()
                    .satisfies(r -> assertThat(r.path("external_path").asText()).isEqualTo(savepoint));
            try (PacedFeed feed = PacedFeed.start(cluster.kafkaBootstrap(), recording.phaseTwo(), Duration.ofSeconds(8))) {
                feed.await(Duration.ofSeconds(60));
            }
            awaitKpisUpTo(kpis, recording.settledUntil(), Duration.ofSeconds(120));
            rest.cancel(resumedId);

            ReplayResult reference = replayWithoutFailures(recording);
            long until = recording.settledUntil();
            List<GateDecision> gotDecisions = decoded(decisions.received(), GateDecision.class);

            assertSameRecords("decisions", gotDecisions, reference.decisions(), GateDecision::ts, until);
            assertSameRecords("kpis", decoded(kpis.received(), KpiRecord.class), reference.kpis(), KpiRecord::ts, until);
            // A fill's final record, with its 60 s markout, is settled a minute after the fill: compared only
            // where both runs' event time has passed that minute.
            assertSameRecords("tca", decoded(tca.received(), TcaRecord.class), reference.tca(),
                    r -> r.isFinal() ? r.ts() + 60_000 : r.ts(), until);
            assertSeqKeepsRisingPerSymbol(gotDecisions);
            assertStateCarriedOverTheSavepoint(gotDecisions, START_TS + STEPS_ONE * STEP_MS);
        }
    }

    private static List<String> jobArgs(DrillRecording recording) {
        List<String> args = new ArrayList<>(List.of(
                "--set", "KAFKA_BOOTSTRAP=" + cluster.kafkaBootstrap(),
                "--reference", recording.referenceProfiles().toString(),
                "--champion", SyntheticDesk.CHAMPION, "--challenger", SyntheticDesk.CHALLENGER,
                "--clock", "event", "--idleness-ms", "0",
                "--partitions", String.valueOf(DrillRecording.PARTITIONS),
                "--group-id", "failure-drill",
                "--checkpoint-interval-ms", "2000"));
        DESK.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        return args;
    }

    /** The same session through the same graph on a local mini-cluster, from files, on heap state, with no failure. */
    private static ReplayResult replayWithoutFailures(DrillRecording recording) throws Exception {
        KitConfig kit = ConfigLoader.load(Map.of(), List.of(), DESK);
        GateSettings gate = GateSettings.of(kit, List.of(SyntheticDesk.profile(SyntheticDesk.CHAMPION),
                SyntheticDesk.profile(SyntheticDesk.CHALLENGER)), SyntheticDesk.CHAMPION, SyntheticDesk.CHALLENGER,
                JobClock.EVENT, false, 3_600_000L);
        long start = System.nanoTime();
        ReplayResult result = new Replay(recording.asReplayInputs(), WorkflowSettings.replay(gate), 2, "hashmap", null).run();
        System.out.printf("failure drill: reference replay of %d events in %.1f s%n", result.eventsIn(), seconds(System.nanoTime() - start));
        return result;
    }

    /** Every distinct record of the cluster up to {@code until} is one of the reference run's, and none of those is missing. */
    private static <T> void assertSameRecords(String what, List<T> got, List<T> expected, ToLongFunction<T> ts, long until) {
        Set<String> gotSet = canonical(got, ts, until);
        Set<String> expectedSet = canonical(expected, ts, until);
        Set<String> missing = new TreeSet<>(expectedSet);
        missing.removeAll(gotSet);
        Set<String> extra = new TreeSet<>(gotSet);
        extra.removeAll(expectedSet);
        System.out.printf("failure drill: %s: %d records from the cluster (%d distinct up to the settled time), %d in the reference%n",
                what, got.size(), gotSet.size(), expectedSet.size());
        assertThat(expectedSet).as("%s in the reference run", what).isNotEmpty();
        assertThat(missing).as("%s the reference run has and the cluster lost", what).isEmpty();
        assertThat(extra).as("%s the cluster wrote and the reference run did not", what).isEmpty();
    }

    private static <T> Set<String> canonical(List<T> records, ToLongFunction<T> ts, long until) {
        Set<String> set = new TreeSet<>();
        for (T r : records) {
            if (ts.applyAsLong(r) <= until) {
                set.add(new String(JsonCodec.encode(r), StandardCharsets.UTF_8));
            }
        }
        return set;
    }

    /**
     * In the order they reached the topic, each symbol's decisions either repeat one already seen,
     * word for word (the at-least-once replay after a restore), or carry a higher seq than any before.
     */
    private static void assertSeqKeepsRisingPerSymbol(List<GateDecision> inArrivalOrder) {
        Map<String, Long> highest = new HashMap<>();
        Map<String, String> bySymbolSeq = new HashMap<>();
        int duplicates = 0;
        for (GateDecision d : inArrivalOrder) {
            String key = d.symbol() + "#" + d.seq();
            String json = new String(JsonCodec.encode(d), StandardCharsets.UTF_8);
            String seen = bySymbolSeq.putIfAbsent(key, json);
            if (seen != null) {
                assertThat(json).as("a repeated seq repeats the same decision").isEqualTo(seen);
                duplicates++;
                continue;
            }
            Long before = highest.put(d.symbol(), d.seq());
            assertThat(before == null || d.seq() > before).as("%s seq %d after %d", d.symbol(), d.seq(), before).isTrue();
        }
        assertThat(highest.keySet()).containsAll(DrillRecording.SYMBOLS);
        System.out.printf("failure drill: %d decisions, %d of them repeats after the restore%n", inArrivalOrder.size(), duplicates);
    }

    /**
     * Decisions after the first phase's input can only come from the resubmitted job; they find the
     * desk armed although the arm command was read before the savepoint.
     */
    private static void assertStateCarriedOverTheSavepoint(List<GateDecision> all, long phaseTwoStart) {
        for (String symbol : DrillRecording.SYMBOLS) {
            List<GateDecision> mine = all.stream().filter(d -> d.symbol().equals(symbol) && d.ts() >= phaseTwoStart).toList();
            assertThat(mine).as("decisions for %s after the savepoint", symbol).isNotEmpty();
            assertThat(mine).as("%s is armed with no arm command after the savepoint", symbol)
                    .allSatisfy(d -> assertThat(d.gates().disarmed()).isFalse());
        }
    }

    private static <T> List<T> decoded(List<TopicTail.Received> received, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (TopicTail.Received r : received) {
            Decoded<T> d = JsonCodec.decode(r.value(), type);
            assertThat(d.isAccepted()).as("a %s record on its topic decodes: %s", type.getSimpleName(), d).isTrue();
            out.add(d.value());
        }
        return out;
    }

    private static void awaitAllTasksRunning(String jobId, Duration timeout) throws Exception {
        await(() -> rest.allTasksRunning(jobId), timeout, () -> "job " + jobId + " not running; it is " + rest.jobState(jobId));
    }

    private static void awaitSent(PacedFeed feed, int count, Duration timeout) throws Exception {
        await(() -> feed.sent() >= count, timeout, () -> "sent " + feed.sent() + " of " + count);
    }

    /** Waits for a checkpoint that completed after {@code afterMillis}; returns its id. */
    private static long awaitCheckpointAfter(String jobId, long afterMillis, Duration timeout) throws Exception {
        await(() -> rest.lastCheckpoint(jobId).map(c -> c.path("latest_ack_timestamp").asLong() > afterMillis).orElse(false),
                timeout, () -> "no checkpoint after " + afterMillis);
        return rest.lastCheckpoint(jobId).orElseThrow().path("id").asLong();
    }

    /** Waits until the job has restored from a checkpoint after {@code afterMillis} and runs every task again. */
    private static JsonNode awaitRestoreAfter(String jobId, long afterMillis, Duration timeout) throws Exception {
        await(() -> rest.restoredFrom(jobId).map(r -> r.path("restore_timestamp").asLong() > afterMillis).orElse(false)
                        && rest.allTasksRunning(jobId), timeout,
                () -> "job " + jobId + " did not restore after the kill; it is " + rest.jobState(jobId));
        return rest.restoredFrom(jobId).orElseThrow();
    }

    /** When the first record reached the tail after {@code afterNanos}, waiting for it. */
    private static long awaitFirstArrivalAfter(TopicTail tail, long afterNanos, Duration timeout) throws Exception {
        Function<List<TopicTail.Received>, Optional<Long>> first = rs -> rs.stream()
                .map(TopicTail.Received::arrivedNanos).filter(t -> t > afterNanos).findFirst();
        await(() -> first.apply(tail.received()).isPresent(), timeout, () -> "nothing on " + tail + " after the kill");
        return first.apply(tail.received()).orElseThrow();
    }

    /** Waits until every symbol has a KPI record at or after {@code until}, decoding each arrival once. */
    private static void awaitKpisUpTo(TopicTail kpis, long until, Duration timeout) throws Exception {
        Map<String, Long> latest = new HashMap<>();
        int[] scanned = {0};
        await(() -> {
            List<TopicTail.Received> received = kpis.received();
            for (KpiRecord k : decoded(received.subList(scanned[0], received.size()), KpiRecord.class)) {
                latest.merge(k.symbol(), k.ts(), Math::max);
            }
            scanned[0] = received.size();
            return DrillRecording.SYMBOLS.stream().allMatch(s -> latest.getOrDefault(s, 0L) >= until);
        }, timeout, () -> "KPIs have not reached " + until + " for every symbol; latest " + latest);
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private interface Describe {
        String what() throws Exception;
    }

    private static void await(Check check, Duration timeout, Describe failure) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("after " + timeout.toSeconds() + " s: " + failure.what()
                        + " (cluster logs in " + cluster.dir() + ")");
            }
            Thread.sleep(250);
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static Path shadedJar() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("jobs/target"))) {
            return files.filter(p -> p.getFileName().toString().matches("jobs-.*-job\\.jar")).findFirst().orElseThrow();
        }
    }

    /** How many regular files lie anywhere under {@code dir}; none when it does not exist. */
    private static long filesUnder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).count();
        }
    }
}
