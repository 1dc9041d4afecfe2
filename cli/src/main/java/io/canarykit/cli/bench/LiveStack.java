package io.canarykit.cli.bench;

import io.canarykit.jobs.CheckpointAlignment;
import io.canarykit.jobs.StateBackendConfig;
import io.canarykit.admin.Sidecar;
import io.canarykit.admin.SidecarOptions;
import io.canarykit.cli.cluster.FlinkRest;
import io.canarykit.cli.demo.broker.KafkaBroker;
import io.canarykit.cli.demo.desk.ProfileSampler;
import io.canarykit.config.KitConfig;
import io.canarykit.jobs.GatingWorkflow;
import io.canarykit.jobs.WorkflowSettings;
import io.canarykit.jobs.io.KafkaGatingSinks;
import io.canarykit.jobs.io.KafkaGatingSources;
import io.canarykit.jobs.io.TopicProvisioner;
import io.canarykit.jobs.replay.SyntheticDesk;
import io.canarykit.operators.flink.GateSettings;
import io.canarykit.operators.flink.JobClock;
import io.canarykit.schema.ReferenceProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The live job as it runs at a desk, on this machine: a Kafka broker as its own process, the
 * contract's topics, and the gating job on a local mini-cluster with the live clock, RocksDB (or
 * heap) state and checkpoints, started armed with preflight passed; with the sidecar when a section asks.
 * Closing it stops them newest first; it is registered with the run too, so Ctrl-C stops it.
 */
final class LiveStack implements AutoCloseable {

    /** How long a quiet input may hold event time back: the demo's and the deployed job's setting. */
    static final long IDLENESS_MS = 1_000;
    /** The deployed job's checkpoint interval (deploy/local/config.yaml). */
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(10);
    private static final int PARTITIONS = 3;
    private static final Duration BROKER_START = Duration.ofSeconds(90);

    private final List<AutoCloseable> running = new ArrayList<>();
    private final KafkaBroker broker;
    private final KitConfig config;
    private final List<ReferenceProfile> profiles;
    private Sidecar sidecar;
    private String jobId;
    private int restPort;

    private LiveStack(KafkaBroker broker, KitConfig config, List<ReferenceProfile> profiles) {
        this.broker = broker;
        this.config = config;
        this.profiles = profiles;
    }

    /**
     * Starts the broker, the topics and the job under {@code dir}, with the user's settings but the
     * broker and database forced, and limits wide enough that a bench's hours of orders do not use
     * up the daily budget (the budget would only add a reason; the figures watch other reasons).
     */
    static LiveStack start(BenchContext ctx, String section, Path dir, int symbolCount) throws Exception {
        return start(ctx, section, dir, symbolCount, StateBackendConfig.ROCKSDB);
    }

    /** As {@link #start(BenchContext, String, Path, int)}, with the job's state on {@code backend}. */
    static LiveStack start(BenchContext ctx, String section, Path dir, int symbolCount, String backend)
            throws Exception {
        Files.createDirectories(dir);
        KafkaBroker broker = new KafkaBroker(dir.resolve("kafka"), KafkaBroker.freePort(), KafkaBroker.freePort(), "512m");
        KitConfig config = KitOverrides.over(ctx.kit(), Map.of(
                "KAFKA_BOOTSTRAP", broker.bootstrap(),
                "KIT_DB_URL", "jdbc:sqlite:" + dir.toAbsolutePath().resolve("kit.db"),
                "MAX_TRADES_PER_DAY", "100000",
                "MAX_OPEN_POSITIONS", String.valueOf(Math.min(1_000, Math.max(1, symbolCount))),
                "MAX_DAILY_DRAWDOWN_PCT", "0.5"));
        LiveStack stack = ctx.closeAtEnd(new LiveStack(broker, config, List.of(
                SyntheticDesk.profile(SyntheticDesk.CHAMPION), SyntheticDesk.profile(SyntheticDesk.CHALLENGER))));
        stack.running.add(broker);
        ctx.progress(section, "starting a Kafka broker on %s", broker.bootstrap());
        broker.start(BROKER_START);
        new TopicProvisioner(broker.bootstrap(), PARTITIONS, (short) 1, config.dlqMaxRawBytes()).createMissing(30_000);
        ctx.progress(section, "starting the live job (parallelism %d, %s state, checkpoints every %d s)",
                ctx.parallelism(), backend, CHECKPOINT_INTERVAL.toSeconds());
        stack.startJob(ctx.parallelism(), dir, backend);
        return stack;
    }

    /** Starts the sidecar on a free port, and waits for it to read the topics. */
    Sidecar startSidecar() throws InterruptedException {
        sidecar = Sidecar.assemble(config, new SidecarOptions("127.0.0.1", 0, null, System::currentTimeMillis)).serve();
        running.add(sidecar);
        sidecar.awaitRehydrated(Duration.ofSeconds(30));
        return sidecar;
    }

    String bootstrap() {
        return broker.bootstrap();
    }

    /** The broker's process id, for its CPU time (see {@link ProcessCpu}). */
    long brokerPid() {
        return broker.pid();
    }

    /** The broker JVM's log of its collections (see {@link GcPauses}). */
    java.nio.file.Path brokerGcLog() {
        return broker.gcLogFile();
    }

    /** Flink's REST API of the job's mini-cluster, where its task metrics can be read. */
    FlinkRest flinkRest() {
        return new FlinkRest("http://127.0.0.1:" + restPort);
    }

    /** The running job's id. */
    String jobId() {
        return jobId;
    }

    /** The settings the job and the sidecar run with. */
    KitConfig config() {
        return config;
    }

    /** A sampler of the champion's reference profile, for the load's feature vectors. */
    ProfileSampler champion() {
        return new ProfileSampler(profiles.get(0));
    }

    /** A sampler of the challenger's reference profile. */
    ProfileSampler challenger() {
        return new ProfileSampler(profiles.get(1));
    }

    /** The symbols {@code S000}, {@code S001}, ... of a bench run. */
    static List<String> symbols(int count) {
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            symbols.add(String.format(Locale.ROOT, "S%03d", i));
        }
        return symbols;
    }

    @Override
    public synchronized void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                System.err.println("bench: while stopping the live stack: " + e);
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        running.clear();
    }

    private void startJob(int parallelism, Path dir, String backend) throws Exception {
        GateSettings gate = GateSettings.of(config, profiles, SyntheticDesk.CHAMPION, SyntheticDesk.CHALLENGER,
                JobClock.LIVE, true, GateSettings.DEFAULT_IDLE_SYMBOL_TTL_MS);
        restPort = KafkaBroker.freePort();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(
                flinkConfig(parallelism, dir, backend, restPort));
        env.setParallelism(parallelism);
        GatingWorkflow.define(env, new KafkaGatingSources(bootstrap(), "canary-kit-bench"),
                new KafkaGatingSinks(bootstrap(), config.dlqMaxRawBytes()), WorkflowSettings.live(gate, IDLENESS_MS));
        JobClient job = env.executeAsync("Canary Kit gating (bench)");
        jobId = job.getJobID().toHexString();
        running.add(() -> job.cancel().get(30, TimeUnit.SECONDS));
    }

    private static Configuration flinkConfig(int parallelism, Path dir, String backend, int restPort)
            throws java.io.IOException {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Configuration conf = new Configuration();
        StateBackendConfig.use(conf, backend);
        CheckpointAlignment.bound(conf);
        conf.setString("execution.checkpointing.incremental", "true");
        conf.setString("execution.checkpointing.interval", CHECKPOINT_INTERVAL.toMillis() + " ms");
        conf.setString("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
        StateBackendConfig.logChanges(conf, dir.resolve("changelog").toUri().toString());
        conf.setString("io.tmp.dirs", tmp.toString());
        conf.setString("web.tmpdir", tmp.toString());
        conf.setString("taskmanager.numberOfTaskSlots", String.valueOf(parallelism));
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // A known port, so a section can read the job's vertices and checkpoints; without one the mini-cluster picks any.
        conf.setString("rest.address", "127.0.0.1");
        conf.setString("rest.bind-address", "127.0.0.1");
        conf.setString("rest.bind-port", String.valueOf(restPort));
        TaskMetricsReporter.configure(conf);
        return conf;
    }
}
