package io.canarykit.cli.demo;

import io.canarykit.admin.Sidecar;
import io.canarykit.admin.SidecarOptions;
import io.canarykit.cli.cluster.FlinkRest;
import io.canarykit.cli.demo.broker.KafkaBroker;
import io.canarykit.cli.demo.broker.KafkaRecordSink;
import io.canarykit.cli.demo.desk.DeskBehaviour;
import io.canarykit.cli.demo.desk.DeskSimulator;
import io.canarykit.cli.demo.desk.ExecutionEngine;
import io.canarykit.cli.demo.desk.ProfileSampler;
import io.canarykit.cli.demo.recording.PlayClock;
import io.canarykit.cli.demo.recording.Recording;
import io.canarykit.cli.demo.recording.RecordingPlayer;
import io.canarykit.cli.demo.desk.DemoRollout;
import io.canarykit.cli.demo.desk.Scenario;
import io.canarykit.cli.demo.desk.ScenarioPlayer;
import io.canarykit.cli.observability.PrometheusServer;
import io.canarykit.config.KitConfig;
import io.canarykit.jobs.CheckpointAlignment;
import io.canarykit.jobs.GatingWorkflow;
import io.canarykit.jobs.StateBackendConfig;
import io.canarykit.jobs.WorkflowSettings;
import io.canarykit.jobs.io.KafkaGatingSinks;
import io.canarykit.jobs.io.KafkaGatingSources;
import io.canarykit.jobs.io.TopicProvisioner;
import io.canarykit.jobs.replay.SyntheticDesk;
import io.canarykit.operators.flink.GateSettings;
import io.canarykit.operators.flink.JobClock;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.RolloutPlan;
import io.canarykit.schema.codec.JsonCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * All of Canary Kit on one machine: a Kafka broker as a child process, the gating job on a local
 * Flink mini-cluster, the admin sidecar, and a desk simulator that trades by the job's decisions
 * or a player of recorded files. The job restores its state from the newest snapshot in the data
 * directory. Closing it stops them in the reverse order and keeps the data.
 */
public final class Demo implements AutoCloseable {

    /** The demo's Flink parallelism: two slots are plenty for a few symbols. */
    static final int PARALLELISM = 2;
    private static final long SEED = 20_260_101L;

    /**
     * How long stopping may take in all: Ctrl-C must stop everything within 10 s, and the JVM needs
     * the rest to run Flink's own shutdown hooks and exit.
     */
    static final Duration STOP_BUDGET = Duration.ofSeconds(9);
    /** How often the demo's Prometheus scrapes and evaluates the rules. */
    public static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(5);
    /** What the job's stop leaves for the broker, which closes its logs in about 2.5 s on SIGTERM. */
    private static final Duration BROKER_GRACE = Duration.ofSeconds(3);

    private final Path dataDir;
    private final DemoPorts ports;
    private Path prometheusBinary;
    private Duration scrapeInterval = SCRAPE_INTERVAL;
    private PrometheusServer prometheus;
    private final KitConfig config;
    private final List<String> symbols;
    private final double rate;
    /** The parts started so far, in start order; guarded by itself, since Ctrl-C may stop the demo while it starts. */
    private final List<AutoCloseable> running = new ArrayList<>();
    /** Set once close() has begun: a part that starts after it is stopped at once. Guarded by {@link #running}. */
    private volatile boolean closed;
    /** Volatile: a stop on another thread kills it when time runs out. */
    private volatile KafkaBroker broker;
    private volatile JobClient job;
    private Sidecar sidecar;
    private DeskSimulator desk;
    private ScenarioPlayer player = ScenarioPlayer.healthy();
    private Recording recording;
    private double speed = 1.0;
    private RecordingPlayer recordingPlayer;
    /** How often the job checkpoints; tests shorten it. */
    private Duration checkpointInterval = Duration.ofSeconds(10);
    private boolean logStateChanges = true;
    private final Map<String, String> flinkSettings = new LinkedHashMap<>();
    private JobSnapshots snapshots;
    private Path restoredFrom;
    /** Volatile: set by the stop's own thread. */
    private volatile String savedTo;
    /** When the stop under way must be over, in {@link System#nanoTime()}. */
    private volatile long stopDeadline;

    /**
     * @param config the settings; its KAFKA_BOOTSTRAP and KIT_DB_URL must point at this demo's broker and data
     * @param rate quote and feature events per second over all symbols
     */
    public Demo(Path dataDir, DemoPorts ports, KitConfig config, List<String> symbols, double rate) {
        if (dataDir == null || ports == null || config == null) {
            throw new IllegalArgumentException("dataDir, ports and config are required, got " + dataDir + ", " + ports + ", " + config);
        }
        if (symbols == null || symbols.isEmpty()) {
            throw new IllegalArgumentException("symbols must name at least one symbol, got " + symbols);
        }
        this.dataDir = dataDir.toAbsolutePath();
        this.ports = ports;
        this.config = config;
        this.symbols = List.copyOf(symbols);
        this.rate = rate;
    }

    /**
     * The demo desk's limits, under the user's settings: enough trades for a day, a position per
     * symbol, and a 5 % daily drawdown, so a desk that trades every few seconds is not halted by
     * limits written for a careful first live day.
     */
    public static Map<String, String> deskLimits(int symbolCount) {
        return Map.of(
                "MAX_TRADES_PER_DAY", "20000",
                "MAX_OPEN_POSITIONS", String.valueOf(Math.max(1, symbolCount)),
                "MAX_DAILY_DRAWDOWN_PCT", "0.05");
    }

    /** The bootstrap address of the demo's broker for these ports. */
    public static String bootstrap(DemoPorts ports) {
        return "127.0.0.1:" + ports.kafka();
    }

    /** The sidecar's database under a data directory. */
    public static String dbUrl(Path dataDir) {
        return "jdbc:sqlite:" + dataDir.toAbsolutePath().resolve("kit.db");
    }

    /** Deletes everything under the data directory, for a fresh start. */
    public static void wipe(Path dataDir) throws IOException {
        if (!Files.isDirectory(dataDir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dataDir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dataDir)) {
                    Files.delete(p);
                }
            }
        }
    }

    /**
     * Runs a real Prometheus from {@code binary} beside the demo (before {@link #start()}): it loads the
     * project's rules and scrapes the job and the sidecar every {@link #SCRAPE_INTERVAL}; the config's
     * {@code PROMETHEUS_URL} should name it, so the sidecar reads its alerts.
     */
    public Demo withPrometheus(Path binary) {
        this.prometheusBinary = binary;
        return this;
    }

    /** Sets how often the demo's Prometheus scrapes and evaluates, {@link #SCRAPE_INTERVAL} unless a test needs it sooner. */
    public Demo scrapeEvery(Duration interval) {
        this.scrapeInterval = interval;
        return this;
    }

    /** The demo's Prometheus URL for these ports. */
    public static String prometheusUrl(DemoPorts ports) {
        return "http://127.0.0.1:" + ports.prometheusServer();
    }

    /** The running Prometheus, if the demo has one. */
    public Optional<PrometheusServer> prometheus() {
        return Optional.ofNullable(prometheus);
    }

    /** Starts the broker, the topics, Prometheus, the job, the sidecar and the desk, each ready before the next. */
    public Demo start() throws Exception {
        Files.createDirectories(dataDir);
        broker = new KafkaBroker(dataDir.resolve("kafka"), ports.kafka(), ports.kafkaController(), "512m");
        broker.start(Duration.ofSeconds(90));
        register(() -> broker.stop(untilDeadline(Duration.ZERO)));
        if (prometheusBinary != null) {
            prometheus = new PrometheusServer(prometheusBinary, dataDir.resolve("prometheus"), ports.prometheusServer(),
                    scrapeInterval, List.of(
                            new PrometheusServer.Target("canary-kit-job", "127.0.0.1:" + ports.prometheus(), "/metrics"),
                            new PrometheusServer.Target("canary-kit-sidecar", "127.0.0.1:" + ports.sidecar(), "/metrics")))
                    .start(Duration.ofSeconds(30));
            register(prometheus);
        }
        new TopicProvisioner(broker.bootstrap(), 3, (short) 1, config.dlqMaxRawBytes()).createMissing(30_000);

        List<ReferenceProfile> profiles = List.of(
                SyntheticDesk.profile(SyntheticDesk.CHAMPION), SyntheticDesk.profile(SyntheticDesk.CHALLENGER));
        writeProfiles(profiles);
        job = startJob(profiles);

        sidecar = Sidecar.assemble(config,
                new SidecarOptions("127.0.0.1", ports.sidecar(), flinkUrl(), System::currentTimeMillis)).serve();
        register(sidecar);
        sidecar.awaitRehydrated(Duration.ofSeconds(30));

        if (recording != null) {
            startPlayer();
            awaitFirstDecisions(Duration.ofSeconds(60));
            return this;
        }
        ExecutionEngine engine = new ExecutionEngine(config.accountEquity(), config.riskPerTradePct(),
                DeskBehaviour.healthy(), SEED);
        desk = new DeskSimulator(broker.bootstrap(), symbols, rate, DeskSimulator.ORDERS_PER_SYMBOL_PER_SECOND,
                new ProfileSampler(profiles.get(0)), new ProfileSampler(profiles.get(1)), engine, SEED + 1, player).start();
        register(desk);
        awaitFirstDecisions(Duration.ofSeconds(60));
        return this;
    }

    /**
     * Makes the desk play {@code scenario} (before {@link #start()}); {@code narrator} hears each
     * step as it happens.
     */
    public Demo playing(Scenario scenario, Consumer<String> narrator) {
        if (desk != null) {
            throw new IllegalStateException("the desk is already running; choose the scenario before start()");
        }
        player = new ScenarioPlayer(scenario, narrator).startingRolloutsWith(plan -> startRollout(plan, narrator));
        return this;
    }

    /**
     * Starts {@code plan} through the sidecar, as an operator would (with the admin token when one is
     * set), off the desk's tick, and tells what the sidecar answered.
     */
    private void startRollout(RolloutPlan plan, Consumer<String> narrator) {
        String base = "http://127.0.0.1:" + ports.sidecar();
        String token = config.hasAdminToken() ? config.kitAdminToken() : null;
        CompletableFuture.runAsync(() -> narrator.accept("rollout: " + DemoRollout.start(base, token, plan).says()))
                .exceptionally(e -> {
                    narrator.accept("rollout: could not be started: " + e.getCause());
                    return null;
                });
    }

    /** The scenario the desk plays, and when it started. */
    public ScenarioPlayer scenario() {
        return player;
    }

    /**
     * Plays a recording instead of simulating the desk; its symbols must be the demo's.
     *
     * @param speed how many times faster than recorded; 1 is real time
     */
    public Demo playing(Recording recording, double speed) {
        if (recording == null || !(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("a recording and a positive speed are required, got " + recording + ", " + speed);
        }
        this.recording = recording;
        this.speed = speed;
        return this;
    }

    /** Sets how often the job checkpoints, 10 s unless a test needs it sooner. */
    Demo checkpointEvery(Duration interval) {
        this.checkpointInterval = interval;
        return this;
    }

    /** Sets a Flink option over the demo's own, for a test that needs the job to behave otherwise. */
    Demo flinkSetting(String key, String value) {
        flinkSettings.put(key, value);
        return this;
    }

    /**
     * Whether the job's checkpoints log its state's changes ({@link StateBackendConfig#logChanges}),
     * as they do unless a test starts a run without, to restore across the switch.
     */
    Demo logStateChanges(boolean on) {
        this.logStateChanges = on;
        return this;
    }

    /** The recording's player, when the demo plays one; else null. */
    public RecordingPlayer recordingPlayer() {
        return recordingPlayer;
    }

    /** The snapshot the job restored its state from, or empty when it started without state. */
    public Optional<Path> restoredFrom() {
        return Optional.ofNullable(restoredFrom);
    }

    /** The savepoint taken when the demo stopped, or empty before that or when the job was cancelled instead. */
    public Optional<String> savedTo() {
        return Optional.ofNullable(savedTo);
    }

    /** Where the job's checkpoints and savepoints are kept. */
    public JobSnapshots snapshots() {
        return snapshots;
    }

    /** The running job. */
    public JobClient job() {
        return job;
    }

    private void startPlayer() throws Exception {
        KafkaRecordSink sink = new KafkaRecordSink(broker.bootstrap());
        register(sink);
        recordingPlayer = new RecordingPlayer(recording, speed, PlayClock.SYSTEM, sink).start();
        register(recordingPlayer);
    }

    /** True once the sidecar holds a decision for every symbol: the gates are live on the page. */
    public boolean gatesLive() {
        return sidecar != null && sidecar.view().decisions().size() >= symbols.size();
    }

    private void awaitFirstDecisions(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!gatesLive() && !closed && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        if (closed) {
            throw stoppedWhileStarting();
        }
    }

    /** Keeps a started part to stop on close; one that started after close() began is stopped at once. */
    private void register(AutoCloseable part) throws Exception {
        synchronized (running) {
            if (!closed) {
                running.add(part);
                return;
            }
        }
        part.close();
        throw stoppedWhileStarting();
    }

    private static IllegalStateException stoppedWhileStarting() {
        return new IllegalStateException("the demo was stopped while it started");
    }

    public KafkaBroker broker() {
        return broker;
    }

    public Sidecar sidecar() {
        return sidecar;
    }

    public DeskSimulator desk() {
        return desk;
    }

    public DemoPorts ports() {
        return ports;
    }

    public List<String> symbols() {
        return symbols;
    }

    /** The Flink web UI and REST API. */
    public String flinkUrl() {
        return "http://127.0.0.1:" + ports.flinkUi();
    }

    /** Where the reference profiles are written for the operator to read. */
    public Path referenceDir() {
        return dataDir.resolve("reference");
    }

    /**
     * Stops the desk, the sidecar, the job and the broker, in that order, within {@link #STOP_BUDGET}
     * and keeping the data, leaving behind a part still stopping when the time is up and killing the broker.
     */
    @Override
    public void close() {
        stopDeadline = System.nanoTime() + STOP_BUDGET.toNanos();
        List<AutoCloseable> parts;
        synchronized (running) {
            closed = true;
            parts = new ArrayList<>(running);
            running.clear();
        }
        // A daemon thread, so a part that never returns cannot keep the JVM alive, nor the caller waiting.
        Thread stopping = new Thread(() -> closeInOrder(parts), "kit-demo-stop");
        stopping.setDaemon(true);
        stopping.start();
        try {
            stopping.join(Math.max(1, untilDeadline(Duration.ZERO).toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopping.isAlive()) {
            System.err.println("kit demo: stopping took over " + STOP_BUDGET.toSeconds() + " s; killing the broker");
            stopping.interrupt();
            if (broker != null) {
                broker.kill();
            }
        }
    }

    private static void closeInOrder(List<AutoCloseable> parts) {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                System.err.println("kit demo: while stopping: " + e);
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** The time left before the stop's deadline once {@code reserve} is kept for the parts still to stop. */
    private Duration untilDeadline(Duration reserve) {
        return Duration.ofNanos(Math.max(0, stopDeadline - System.nanoTime() - reserve.toNanos()));
    }

    private JobClient startJob(List<ReferenceProfile> profiles) throws Exception {
        GateSettings gate = GateSettings.of(config, profiles, SyntheticDesk.CHAMPION, SyntheticDesk.CHALLENGER,
                JobClock.LIVE, false, GateSettings.DEFAULT_IDLE_SYMBOL_TTL_MS);
        snapshots = new JobSnapshots(dataDir.resolve("checkpoints"), dataDir.resolve("savepoints"));
        restoredFrom = snapshots.newest().orElse(null);
        Configuration conf = flinkConfig();
        if (restoredFrom != null) {
            conf.setString("execution.state-recovery.path", restoredFrom.toUri().toString());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        env.setParallelism(PARALLELISM);
        GatingWorkflow.define(env, new KafkaGatingSources(broker.bootstrap(), "canary-kit-demo"),
                new KafkaGatingSinks(broker.bootstrap(), gate.kit().dlqMaxRawBytes()), WorkflowSettings.live(gate, 1_000));
        JobClient started;
        try {
            started = env.executeAsync("Canary Kit gating (demo)");
        } catch (Exception e) {
            throw restoredFrom != null && RestoreCheck.failedToInitialize(e)
                    ? RestoreCheck.notRestored(restoredFrom, JobSnapshots.rootMessage(e)) : e;
        }
        // A clean stop takes a savepoint, so the next start restores everything up to the last record.
        register(() -> savedTo = snapshots.stop(started, untilDeadline(BROKER_GRACE)).orElse(null));
        if (restoredFrom != null) {
            RestoreCheck.await(started, new FlinkRest(flinkUrl()), restoredFrom, Duration.ofSeconds(60));
        }
        register(snapshots.pruneOnceCheckpointed(started.getJobID().toHexString(), Duration.ofSeconds(1)));
        return started;
    }

    private Configuration flinkConfig() throws IOException {
        Path tmp = Files.createDirectories(dataDir.resolve("tmp"));
        Configuration conf = new Configuration();
        conf.setString("rest.address", "127.0.0.1");
        conf.setString("rest.bind-address", "127.0.0.1");
        conf.setString("rest.port", String.valueOf(ports.flinkUi()));
        // The BlobServer binds to jobmanager.bind-host, or to every interface when it is unset.
        conf.setString("jobmanager.bind-host", "127.0.0.1");
        conf.setString("taskmanager.bind-host", "127.0.0.1");
        conf.setString("taskmanager.host", "127.0.0.1");
        StateBackendConfig.use(conf, StateBackendConfig.ROCKSDB);
        CheckpointAlignment.bound(conf);
        conf.setString("execution.checkpointing.incremental", "true");
        conf.setString("execution.checkpointing.interval", checkpointInterval.toMillis() + " ms");
        // Kept when the job is cancelled, so the next start can restore from it.
        conf.setString("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        conf.setString("execution.checkpointing.dir", dataDir.resolve("checkpoints").toUri().toString());
        if (logStateChanges) {
            StateBackendConfig.logChanges(conf, dataDir.resolve("changelog").toUri().toString());
        }
        conf.setString("io.tmp.dirs", tmp.toString());
        conf.setString("web.tmpdir", tmp.toString());
        conf.setString("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.setString("metrics.reporter.prom.port", String.valueOf(ports.prometheus()));
        conf.setString("taskmanager.numberOfTaskSlots", String.valueOf(PARALLELISM));
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        flinkSettings.forEach(conf::setString);
        return conf;
    }

    private void writeProfiles(List<ReferenceProfile> profiles) throws IOException {
        Files.createDirectories(referenceDir());
        for (ReferenceProfile p : profiles) {
            Files.write(referenceDir().resolve(p.modelId() + ".json"), JsonCodec.encode(p));
        }
    }
}
