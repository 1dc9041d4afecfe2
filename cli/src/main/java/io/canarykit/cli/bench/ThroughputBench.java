package io.canarykit.cli.bench;

import io.canarykit.jobs.StateBackendConfig;
import io.canarykit.jobs.GatingWorkflow;
import io.canarykit.jobs.WorkflowSettings;
import io.canarykit.jobs.replay.SyntheticDesk;
import io.canarykit.operators.flink.GateSettings;
import io.canarykit.operators.flink.JobClock;
import io.canarykit.cli.bench.FigureSpec.Unit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.client.JobExecutionException;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Throughput of the full gating graph against a passthrough of the same input, on RocksDB and on heap
 * state, and the records it writes per input event.
 *
 * <p>The input is a {@link DeskSession} over {@code --symbols} symbols, generated from {@code --seed}
 * into memory before any job runs, with event time rising at {@code --rate} events/s (the rate the
 * latency section feeds live, so the KPI cadence meets the same density of input). The gating graph is
 * {@link GatingWorkflow} as {@code kit replay} runs it (replay clock, replay watermarks, armed); the
 * passthrough is {@link PassthroughWorkflow}. Outputs are counted and discarded.
 *
 * <p>Per state backend, one mini-cluster at {@code --parallelism} runs warm-up rounds of both graphs
 * until the JIT compilers have quieted ({@link #WARM_UP}), then the measured rounds of gating then
 * passthrough. A job's time runs from the first record its sources read to its
 * end, when {@link MiniCluster#executeJobBlocking} returns here: on this machine, scheduling and
 * deploying a job take about a second whatever its input, which would otherwise weigh on the short
 * passthrough far more than on the gating graph. (Its net runtime, deployment included, is on the
 * progress line.) Each figure is the median round's events/s; per core divides by the job's parallelism.
 */
public final class ThroughputBench implements BenchSection {

    /** A system property that sets the input's size, e.g. a tiny one for a test; the default depends on --quick. */
    public static final String EVENTS_PROPERTY = "kit.bench.events";

    static final long QUICK_EVENTS = 20_000;
    static final long FULL_EVENTS = 200_000;
    static final int QUICK_ROUNDS = 2;
    static final int FULL_ROUNDS = 5;
    /**
     * Warm-up rounds go on until the compilers spend at most about a third of a round's wall time. From
     * a fresh JVM they spend more than the round's wall time for its first 5 or 6 rounds of this input
     * on RocksDB, while the gating graph's rate doubles; later they compile mostly what runs once per
     * job (deployment, scheduling, the job graph), 0.3 to 1 s a round, which a job running for hours
     * would not pay, and which never quite stops here.
     */
    static final WarmUp WARM_UP = new WarmUp(0.35, 15, Duration.ofSeconds(120));
    static final WarmUp QUICK_WARM_UP = new WarmUp(0.35, 4, Duration.ofSeconds(20));

    private static final String NAME = "throughput";
    private static final String ROCKSDB = StateBackendConfig.ROCKSDB;
    private static final String HEAP = StateBackendConfig.HASHMAP;
    private static final String PER_CORE = ", per core (events/s ÷ the job's parallelism)";

    /** What one backend measured: events/s of each round of each graph, and the gating graph's outputs. */
    record BackendRun(List<Double> gatingEps, List<Double> passthroughEps, CountingSinks.Counts outputs,
            int warmUpRounds, double measuredJitShare, TaskCpuPerEvent cpu) {

        double gatingMedian() {
            return BenchMath.median(gatingEps);
        }

        double passthroughMedian() {
            return BenchMath.median(passthroughEps);
        }

        double ratio() {
            return BenchMath.ratio(gatingMedian(), passthroughMedian());
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<FigureSpec> figures() {
        return List.of(
                FigureSpec.of("throughput_ratio", "gating / passthrough, RocksDB", Unit.RATIO, Goal.atLeast(0.6)),
                FigureSpec.of("throughput_ratio_heap", "gating / passthrough, heap", Unit.RATIO, Goal.atLeast(0.6)),
                FigureSpec.of("gating_eps_per_core", "gating, RocksDB, JSON in" + PER_CORE, Unit.EVENTS_PER_SECOND,
                        Goal.atLeast(175_000)),
                FigureSpec.of("gating_eps_per_core_heap", "gating, heap, JSON in" + PER_CORE, Unit.EVENTS_PER_SECOND,
                        Goal.atLeast(400_000)),
                FigureSpec.context("passthrough_eps_per_core", "passthrough, RocksDB" + PER_CORE, Unit.EVENTS_PER_SECOND),
                FigureSpec.context("passthrough_eps_per_core_heap", "passthrough, heap" + PER_CORE,
                        Unit.EVENTS_PER_SECOND),
                FigureSpec.context("gating_eps", "gating, RocksDB", Unit.EVENTS_PER_SECOND),
                FigureSpec.context("gating_eps_heap", "gating, heap", Unit.EVENTS_PER_SECOND),
                FigureSpec.context("passthrough_eps", "passthrough, RocksDB", Unit.EVENTS_PER_SECOND),
                FigureSpec.context("passthrough_eps_heap", "passthrough, heap", Unit.EVENTS_PER_SECOND),
                FigureSpec.context("throughput_warm_up_rounds", "warm-up rounds before the JIT quieted, RocksDB",
                        Unit.COUNT),
                FigureSpec.context("throughput_warm_up_rounds_heap", "warm-up rounds before the JIT quieted, heap",
                        Unit.COUNT),
                FigureSpec.context("throughput_jit_share", "JIT compile time over wall time in the measured rounds, RocksDB",
                        Unit.RATIO),
                FigureSpec.context("throughput_jit_share_heap", "JIT compile time over wall time in the measured rounds, heap",
                        Unit.RATIO),
                FigureSpec.context("gating_cpu_us_per_event", "gating, RocksDB: CPU of its task threads per event",
                        Unit.MICROSECONDS),
                FigureSpec.context("gating_cpu_us_per_event_heap", "gating, heap: CPU of its task threads per event",
                        Unit.MICROSECONDS),
                FigureSpec.context("passthrough_cpu_us_per_event", "passthrough, RocksDB: CPU of its task threads per event",
                        Unit.MICROSECONDS),
                FigureSpec.context("passthrough_cpu_us_per_event_heap",
                        "passthrough, heap: CPU of its task threads per event", Unit.MICROSECONDS),
                FigureSpec.context("throughput_cpu_ratio", "passthrough / gating CPU per event, RocksDB", Unit.RATIO),
                FigureSpec.context("throughput_cpu_ratio_heap", "passthrough / gating CPU per event, heap", Unit.RATIO),
                FigureSpec.of("kpi_records_per_input", "KPI records out per input event", Unit.RATIO,
                        Goal.atMost(0.05)),
                FigureSpec.context("decision_records_per_input", "decision records out per input event", Unit.RATIO),
                FigureSpec.context("tca_records_per_input", "TCA records out per input event", Unit.RATIO));
    }

    @Override
    public void run(BenchContext ctx, Measurements out) throws Exception {
        long events = Long.getLong(EVENTS_PROPERTY, ctx.quick() ? QUICK_EVENTS : FULL_EVENTS);
        int rounds = ctx.quick() ? QUICK_ROUNDS : FULL_ROUNDS;
        DeskSession session = DeskSession.of(ctx.seed(), ctx.symbols(), events, ctx.rate());
        ctx.closeAtEnd(DeskSession::forgetAll);
        long start = System.nanoTime();
        for (int subtask = 0; subtask < ctx.parallelism(); subtask++) {
            session.share(subtask, ctx.parallelism());
        }
        ctx.progress(name(), "%,d events over %d symbols, %.1f s of event time, generated in %.1f s", session.events(),
                session.symbols(), session.events() / session.rate(), (System.nanoTime() - start) / 1e9);

        // The settings kit replay runs with: the replay clock, armed with preflight passed, an hour's idle TTL.
        GateSettings gate = GateSettings.of(ctx.kit(),
                List.of(SyntheticDesk.profile(SyntheticDesk.CHAMPION), SyntheticDesk.profile(SyntheticDesk.CHALLENGER)),
                SyntheticDesk.CHAMPION, SyntheticDesk.CHALLENGER, JobClock.EVENT, true, GateSettings.DEFAULT_IDLE_SYMBOL_TTL_MS);
        BackendRun rocks = runOn(ROCKSDB, session, gate, rounds, ctx);
        BackendRun heap = runOn(HEAP, session, gate, rounds, ctx);
        report(rocks, heap, session.events(), ctx.parallelism(), out);
    }

    /**
     * The CPU time of each graph's task threads over the measured rounds, by operator, and the events
     * those rounds read (each graph read them all once per round).
     */
    record TaskCpuPerEvent(Map<String, Long> gatingNanos, Map<String, Long> passthroughNanos, long events) {

        static final TaskCpuPerEvent NONE = new TaskCpuPerEvent(Map.of(), Map.of(), 0);

        boolean measured() {
            return events > 0 && TaskCpu.total(gatingNanos) > 0 && TaskCpu.total(passthroughNanos) > 0;
        }

        double gatingMicros() {
            return TaskCpu.total(gatingNanos) / 1_000.0 / events;
        }

        double passthroughMicros() {
            return TaskCpu.total(passthroughNanos) / 1_000.0 / events;
        }

        /** The throughput ratio the CPU per event allows: what the passthrough uses over what the gating graph does. */
        double ratio() {
            return BenchMath.ratio(passthroughMicros(), gatingMicros());
        }

        /** Each operator's µs per event, the largest first, e.g. {@code Symbol gate 6.10, Symbol ledger 1.52}. */
        String breakdown(Map<String, Long> nanos) {
            return nanos.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / 1_000.0 / events))
                    .collect(Collectors.joining(", "));
        }
    }

    /** Puts every figure of the two backends' runs into {@code out}. */
    static void report(BackendRun rocks, BackendRun heap, long events, int parallelism, Measurements out) {
        out.put("throughput_ratio", rocks.ratio());
        out.put("throughput_ratio_heap", heap.ratio());
        out.put("gating_eps_per_core", BenchMath.perCore(rocks.gatingMedian(), parallelism));
        out.put("gating_eps_per_core_heap", BenchMath.perCore(heap.gatingMedian(), parallelism));
        out.put("passthrough_eps_per_core", BenchMath.perCore(rocks.passthroughMedian(), parallelism));
        out.put("passthrough_eps_per_core_heap", BenchMath.perCore(heap.passthroughMedian(), parallelism));
        out.put("gating_eps", rocks.gatingMedian());
        out.put("gating_eps_heap", heap.gatingMedian());
        out.put("passthrough_eps", rocks.passthroughMedian());
        out.put("passthrough_eps_heap", heap.passthroughMedian());
        out.put("throughput_warm_up_rounds", rocks.warmUpRounds());
        out.put("throughput_warm_up_rounds_heap", heap.warmUpRounds());
        if (JitCompilation.supported()) {
            out.put("throughput_jit_share", rocks.measuredJitShare());
            out.put("throughput_jit_share_heap", heap.measuredJitShare());
        } else {
            out.missing("throughput_jit_share", "this JVM does not report its JIT compilers' time");
            out.missing("throughput_jit_share_heap", "this JVM does not report its JIT compilers' time");
        }
        putCpu(rocks.cpu(), "", out);
        putCpu(heap.cpu(), "_heap", out);
        out.put("kpi_records_per_input", BenchMath.ratio(rocks.outputs().kpis(), events));
        out.put("decision_records_per_input", BenchMath.ratio(rocks.outputs().decisions(), events));
        out.put("tca_records_per_input", BenchMath.ratio(rocks.outputs().tca(), events));
    }

    private static void putCpu(TaskCpuPerEvent cpu, String suffix, Measurements out) {
        List<String> keys = List.of("gating_cpu_us_per_event" + suffix, "passthrough_cpu_us_per_event" + suffix,
                "throughput_cpu_ratio" + suffix);
        if (!cpu.measured()) {
            String why = TaskCpu.supported() ? "no task thread's CPU time was read" : "this JVM does not measure its threads' CPU time";
            keys.forEach(key -> out.missing(key, why));
            return;
        }
        out.put(keys.get(0), cpu.gatingMicros());
        out.put(keys.get(1), cpu.passthroughMicros());
        out.put(keys.get(2), cpu.ratio());
    }

    /**
     * Warm-up rounds of both graphs until the JIT quiets (see {@link #WARM_UP}), then {@code rounds}
     * rounds of gating then passthrough, on one mini-cluster.
     */
    private BackendRun runOn(String backend, DeskSession session, GateSettings gate, int rounds, BenchContext ctx)
            throws Exception {
        Configuration conf = clusterConfig(backend, ctx);
        try (MiniCluster cluster = ctx.closeAtEnd(startCluster(conf, ctx.parallelism()))) {
            Consumer<StreamExecutionEnvironment> gating = env -> GatingWorkflow.define(env, new SessionSources(session),
                    new CountingSinks(), WorkflowSettings.replay(gate));
            Consumer<StreamExecutionEnvironment> passthrough = env -> PassthroughWorkflow.define(env,
                    new SessionSources(session), gate.kit().dlqMaxRawBytes());
            RoundRunner runner = new RoundRunner(cluster, conf, gating, passthrough, backend, session.events(), ctx);
            WarmUp warmUp = ctx.quick() ? QUICK_WARM_UP : WARM_UP;
            long warmUpStart = System.nanoTime();
            int warmUpRounds = 0;
            double jitShare = Double.NaN;
            while (!warmUp.over(warmUpRounds, System.nanoTime() - warmUpStart, jitShare)) {
                warmUpRounds++;
                jitShare = runner.round("warm-up " + warmUpRounds).jitShare();
            }
            List<Double> gatingEps = new ArrayList<>();
            List<Double> passthroughEps = new ArrayList<>();
            CountingSinks.Counts outputs = null;
            long measuredNanos = 0;
            long measuredJitMillis = 0;
            Map<String, Long> gatingCpu = Map.of();
            Map<String, Long> passthroughCpu = Map.of();
            for (int round = 1; round <= rounds; round++) {
                Round r = runner.round("round " + round + "/" + rounds);
                gatingEps.add(r.gatingEps());
                passthroughEps.add(r.passthroughEps());
                outputs = r.outputs();
                measuredNanos += r.wallNanos();
                measuredJitMillis += r.jitMillis();
                gatingCpu = TaskCpu.sum(gatingCpu, r.gatingCpu());
                passthroughCpu = TaskCpu.sum(passthroughCpu, r.passthroughCpu());
            }
            TaskCpuPerEvent cpu = new TaskCpuPerEvent(gatingCpu, passthroughCpu, session.events() * rounds);
            if (cpu.measured()) {
                ctx.progress(NAME, "%s, CPU of the task threads per event over the measured rounds: gating %.2f µs (%s); "
                        + "passthrough %.2f µs (%s); passthrough / gating %.3f", backend, cpu.gatingMicros(),
                        cpu.breakdown(gatingCpu), cpu.passthroughMicros(), cpu.breakdown(passthroughCpu), cpu.ratio());
            }
            return new BackendRun(gatingEps, passthroughEps, outputs, warmUpRounds,
                    WarmUp.jitShare(measuredNanos, measuredJitMillis), cpu);
        }
    }

    /** One round's figures: both graphs' events/s, the gating graph's outputs, its wall and compile time. */
    record Round(double gatingEps, double passthroughEps, CountingSinks.Counts outputs, long wallNanos,
            long jitMillis, Map<String, Long> gatingCpu, Map<String, Long> passthroughCpu) {

        double jitShare() {
            return WarmUp.jitShare(wallNanos, jitMillis);
        }
    }

    /** Runs a round of the gating graph then the passthrough on one mini-cluster, and says how it went. */
    private record RoundRunner(MiniCluster cluster, Configuration conf, Consumer<StreamExecutionEnvironment> gating,
            Consumer<StreamExecutionEnvironment> passthrough, String backend, long events, BenchContext ctx) {

        Round round(String label) throws Exception {
            long jitBefore = JitCompilation.totalMillis();
            long start = System.nanoTime();
            JobRun g = execute(cluster, conf, gating, "Canary Kit bench: gating, " + backend);
            JobRun p = execute(cluster, conf, passthrough, "Canary Kit bench: passthrough, " + backend);
            Round r = new Round(g.eventsPerSecond(events), p.eventsPerSecond(events), CountingSinks.Counts.of(g.result()),
                    System.nanoTime() - start, JitCompilation.totalMillis() - jitBefore, g.cpu(), p.cpu());
            CountingSinks.Counts out = r.outputs();
            ctx.progress(NAME, "%s %s: gating %,.0f events/s (job %.1f s), passthrough %,.0f events/s (job %.1f s), "
                    + "ratio %.2f; JIT %,d ms in %.1f s (%.0f%%); out: %,d decisions, %,d KPIs, %,d TCA, %,d DLQ",
                    backend, label, r.gatingEps(), g.netRuntimeSeconds(), r.passthroughEps(), p.netRuntimeSeconds(),
                    BenchMath.ratio(r.gatingEps(), r.passthroughEps()), r.jitMillis(), r.wallNanos() / 1e9,
                    100 * r.jitShare(), out.decisions(), out.kpis(), out.tca(), out.dlq());
            return r;
        }
    }

    /**
     * One finished job: how long it took from its first record read to its end as this client saw it,
     * and what the cluster reported.
     */
    record JobRun(long nanos, JobExecutionResult result, Map<String, Long> cpu) {

        double eventsPerSecond(long events) {
            return BenchMath.perSecond(events, nanos);
        }

        /** The job's whole time on the cluster, deployment included, for the progress line. */
        double netRuntimeSeconds() {
            return result.getNetRuntime(TimeUnit.MILLISECONDS) / 1000.0;
        }
    }

    private static JobRun execute(MiniCluster cluster, Configuration conf,
            Consumer<StreamExecutionEnvironment> graph, String jobName) throws Exception {
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
        graph.accept(env);
        var streamGraph = env.getStreamGraph();
        streamGraph.setJobName(jobName);
        SessionSource.resetFirstRead();
        TaskCpu cpu = TaskCpu.start();
        long submitted = System.nanoTime();
        try {
            JobExecutionResult result = cluster.executeJobBlocking(streamGraph.getJobGraph());
            long finished = System.nanoTime();
            // A job that read nothing (or sources loaded apart from this JVM's classes) is timed from submission.
            return new JobRun(finished - SessionSource.firstRead().orElse(submitted), result, cpu.stop());
        } catch (JobExecutionException e) {
            cpu.stop();
            // Flink's own message only says the job failed; the cause is what a reader needs on stderr.
            throw new IllegalStateException(jobName + " failed: " + rootCause(e), e);
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The cluster's and the jobs' settings: the state backend, no Kryo, temp files in the run's scratch. */
    private static Configuration clusterConfig(String backend, BenchContext ctx) throws Exception {
        Path tmp = Files.createDirectories(ctx.scratch().resolve(backend));
        Configuration conf = new Configuration();
        StateBackendConfig.use(conf, backend);
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.setString("parallelism.default", Integer.toString(ctx.parallelism()));
        conf.setString("io.tmp.dirs", tmp.toString());
        // Straight under the scratch directory: RocksDB warns about, and gives up relocating its log for,
        // instance paths as long as the mini-cluster's own temp layout makes them.
        conf.setString("state.backend.rocksdb.localdir", Files.createDirectories(tmp.resolve("rocksdb")).toString());
        conf.setString("web.tmpdir", tmp.toString());
        conf.setString("rest.bind-address", "127.0.0.1");
        return conf;
    }

    private static MiniCluster startCluster(Configuration conf, int slots) throws Exception {
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .withRandomPorts()
                .build());
        cluster.start();
        return cluster;
    }
}
