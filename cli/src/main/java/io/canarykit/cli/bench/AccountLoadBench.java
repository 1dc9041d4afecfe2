package io.canarykit.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarykit.cli.bench.FigureSpec.Unit;
import io.canarykit.cli.cluster.FlinkRest;
import io.canarykit.jobs.GatingWorkflow;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;

/**
 * How busy the account operator is with every symbol's order events and primary mids: the live job
 * (RocksDB, live clock, a real broker) fed the bench's rate over 1,000 symbols, and Flink's own task
 * metrics of the account operator and of the symbol gate read from the job's REST API about once a
 * second after a warm-up. The account operator is keyed by one constant, so one of its subtasks takes
 * all of its input; the figures follow the busiest subtask.
 */
final class AccountLoadBench implements BenchSection {

    static final String NAME = "account-load";
    /** The symbols the section trades unless {@code --symbols} says otherwise. */
    static final int SYMBOLS = 1_000;
    /** A fifth of a second of work per second: room left for bursts, restores and checkpoints. */
    static final double GOAL_BUSY_MS_PER_S = 200;
    private static final Duration SAMPLE_PERIOD = Duration.ofSeconds(1);
    private static final Duration RUNNING_TIMEOUT = Duration.ofSeconds(90);
    private static final int LOAD_THREADS = 2;

    /**
     * The run's size: the warm-up after every task runs, at least and at most (in between, until the
     * JIT compilers quiet: busy time is wall time, which they stretch on a machine they share with the
     * job), then the time the metrics are read over.
     */
    private record Plan(Duration warmUp, Duration maxWarmUp, Duration measured) {}

    private static final Plan FULL = new Plan(Duration.ofSeconds(20), Duration.ofSeconds(180), Duration.ofSeconds(40));
    private static final Plan QUICK = new Plan(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(15));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<FigureSpec> figures() {
        return List.of(
                FigureSpec.context("account_busy_ms_per_s_p50", "account operator busy, busiest subtask p50",
                        Unit.MILLISECONDS_PER_SECOND),
                FigureSpec.of("account_busy_ms_per_s_max", "account operator busy, busiest subtask, max over any 5 s",
                        Unit.MILLISECONDS_PER_SECOND, Goal.atMost(GOAL_BUSY_MS_PER_S)),
                FigureSpec.context("account_busy_ms_per_s_max_1s",
                        "account operator busy, busiest subtask, max of one reading's interval (about 1 s)",
                        Unit.MILLISECONDS_PER_SECOND),
                FigureSpec.context("account_backpressured_ms_per_s_p50",
                        "account operator back-pressured, busiest subtask p50",
                        Unit.MILLISECONDS_PER_SECOND),
                FigureSpec.context("account_idle_ms_per_s_p50", "account operator idle, busiest subtask p50",
                        Unit.MILLISECONDS_PER_SECOND),
                FigureSpec.context("account_records_in_per_s", "account operator records in, all subtasks",
                        Unit.EVENTS_PER_SECOND),
                FigureSpec.context("account_busy_ms_per_1k_records", "account operator busy per 1,000 records in",
                        Unit.MILLISECONDS),
                FigureSpec.context("account_cpu_ms_per_1k_records",
                        "account operator CPU per 1,000 records in (its task threads' own CPU time)",
                        Unit.MILLISECONDS),
                FigureSpec.context("symbol_gate_busy_ms_per_s_p50", "symbol gate busy, busiest subtask p50",
                        Unit.MILLISECONDS_PER_SECOND),
                FigureSpec.context("symbol_gate_busy_ms_per_s_max", "symbol gate busy, busiest subtask, max over any 5 s",
                        Unit.MILLISECONDS_PER_SECOND),
                FigureSpec.context("symbol_gate_backpressured_ms_per_s_p50",
                        "symbol gate back-pressured, busiest subtask p50",
                        Unit.MILLISECONDS_PER_SECOND),
                FigureSpec.context("account_load_input_eps", "account-load input rate achieved", Unit.EVENTS_PER_SECOND),
                FigureSpec.context("account_load_intervals", "account-load metric intervals of the busiest account subtask",
                        Unit.COUNT));
    }

    @Override
    public void run(BenchContext ctx, Measurements out) throws Exception {
        Plan plan = ctx.quick() ? QUICK : FULL;
        List<String> symbols = LiveStack.symbols(ctx.symbolsOr(SYMBOLS));
        try (LiveStack stack = LiveStack.start(ctx, NAME, ctx.scratch().resolve(NAME), symbols.size())) {
            FlinkRest rest = stack.flinkRest();
            String jobId = stack.jobId();
            try (LiveLoad load = ctx.closeAtEnd(new LiveLoad(stack.bootstrap(), symbols, Set.of(), ctx.rate(),
                    LOAD_THREADS, stack.champion(), stack.challenger(), ctx.seed())).start()) {
                awaitRunning(rest, jobId);
                JsonNode vertices = rest.vertices(jobId);
                Vertex account = Vertex.find(vertices, GatingWorkflow.ACCOUNT_RISK_NAME);
                Vertex gate = Vertex.find(vertices, GatingWorkflow.SYMBOL_GATE_NAME);
                ctx.progress(NAME, "feeding %,.0f events/s over %d symbols; every task runs; warming up %d to %d s, "
                        + "until the JIT quiets; the account's task is \"%s\", the gate's \"%s\"", ctx.rate(),
                        symbols.size(), plan.warmUp().toSeconds(), plan.maxWarmUp().toSeconds(), account.name(),
                        gate.name());
                warmUp(ctx, plan);
                LiveLoad.Mark from = load.mark();
                long cpuBefore = ThreadCpu.nanos(account.name());
                long startNanos = System.nanoTime();
                Sampling sampling = sample(ctx, jobId, account, gate, plan.measured());
                double cpuMs = (ThreadCpu.nanos(account.name()) - cpuBefore) / 1e6;
                double seconds = (System.nanoTime() - startNanos) / 1e9;
                double achieved = load.mark().rateSince(from);
                report(ctx, out, sampling, achieved);
                reportCpu(out, sampling.account().summary(), cpuMs, seconds);
                ctx.progress(NAME, "input rate achieved %,.0f events/s of %,.0f asked; %d load sends failed",
                        achieved, ctx.rate(), load.failed());
            }
        }
    }

    /** Waits the plan's warm-up, then until the compilers quiet or the longest warm-up is over. */
    private static void warmUp(BenchContext ctx, Plan plan) throws InterruptedException {
        JitMeter jit = JitMeter.live();
        long start = System.nanoTime();
        long least = start + plan.warmUp().toNanos();
        long most = start + plan.maxWarmUp().toNanos();
        boolean quiet = false;
        while (System.nanoTime() < most) {
            quiet = jit.quiet(System.nanoTime());
            if (quiet && System.nanoTime() >= least) {
                break;
            }
            Thread.sleep(250);
        }
        ctx.progress(NAME, "warmed up %.1f s; JIT %.0f%% of the last %d s%s", (System.nanoTime() - start) / 1e9,
                100 * jit.share(System.nanoTime()), jit.windowSeconds(), quiet ? "" : " (the longest warm-up is over)");
    }

    /** One vertex of the running job: the task an operator runs in, with the operators chained to it. */
    record Vertex(String id, String name, int parallelism) {

        /** The vertex whose name holds {@code operator}; there must be one. */
        static Vertex find(JsonNode vertices, String operator) {
            List<String> names = new ArrayList<>();
            for (JsonNode v : vertices) {
                String name = v.path("name").asText();
                if (name.contains(operator)) {
                    return new Vertex(v.path("id").asText(), name, v.path("parallelism").asInt());
                }
                names.add(name);
            }
            throw new IllegalStateException("no vertex of the job runs \"" + operator + "\"; its vertices are " + names);
        }

        /** Its subtasks' totals now, from the mini-cluster's metric registry in this JVM. */
        List<SubtaskCounters> read(String jobId) {
            return TaskMetricsReporter.read(jobId, name, parallelism);
        }
    }

    /** The two vertices' loads over the measured period, and the readings that found no subtask's totals. */
    private record Sampling(VertexLoad account, VertexLoad gate, int failedReads, String lastFailure) {}

    private static Sampling sample(BenchContext ctx, String jobId, Vertex account, Vertex gate, Duration measured)
            throws InterruptedException {
        VertexLoad accountLoad = new VertexLoad();
        VertexLoad gateLoad = new VertexLoad();
        int failed = 0;
        String lastFailure = "";
        long end = System.nanoTime() + measured.toNanos();
        long next = System.nanoTime();
        // One reading before the period starts, so the first interval lies within it.
        while (System.nanoTime() <= end) {
            for (Vertex vertex : List.of(account, gate)) {
                List<SubtaskCounters> reading = vertex.read(jobId);
                if (reading.stream().noneMatch(SubtaskCounters::complete)) {
                    failed++;
                    lastFailure = "no subtask of \"" + vertex.name() + "\" has its busy, back-pressured and idle"
                            + " totals registered with the bench's metric reporter";
                }
                (vertex == account ? accountLoad : gateLoad).record(reading);
            }
            next += SAMPLE_PERIOD.toNanos();
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        if (failed > 0) {
            ctx.progress(NAME, "%d metric readings failed, the last: %s", failed, lastFailure);
        }
        return new Sampling(accountLoad, gateLoad, failed, lastFailure);
    }

    /** Waits until the job and every one of its tasks run; the REST API may not answer at first. */
    private static void awaitRunning(FlinkRest rest, String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + RUNNING_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                if (rest.allTasksRunning(jobId)) {
                    return;
                }
                last = "the job is " + rest.jobState(jobId);
            } catch (IOException notYet) {
                last = notYet.getMessage();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("not every task of the job ran within " + RUNNING_TIMEOUT.toSeconds()
                + " s; last: " + last);
    }

    private static void report(BenchContext ctx, Measurements out, Sampling s, double inputEps) {
        VertexLoad.Summary account = s.account().summary();
        VertexLoad.Summary gate = s.gate().summary();
        String why = "no metric interval was read (" + s.failedReads() + " readings failed"
                + (s.lastFailure().isEmpty() ? "" : ", the last: " + s.lastFailure()) + ")";
        put(out, "account_busy_ms_per_s_p50", account.busyP50(), why);
        put(out, "account_busy_ms_per_s_max", account.busyMax(), why);
        put(out, "account_busy_ms_per_s_max_1s", account.busyMaxOfOneInterval(), why);
        put(out, "account_backpressured_ms_per_s_p50", account.backPressuredP50(), why);
        put(out, "account_idle_ms_per_s_p50", account.idleP50(), why);
        put(out, "account_records_in_per_s", account.recordsInPerSecond(), why);
        put(out, "account_busy_ms_per_1k_records", account.busyMsPer1kRecords(), why);
        put(out, "symbol_gate_busy_ms_per_s_p50", gate.busyP50(), why);
        put(out, "symbol_gate_busy_ms_per_s_max", gate.busyMax(), why);
        put(out, "symbol_gate_backpressured_ms_per_s_p50", gate.backPressuredP50(), why);
        out.put("account_load_input_eps", inputEps);
        out.put("account_load_intervals", account.intervals());
        ctx.progress(NAME, "median busy ms/s by subtask: account %s (the figures follow subtask %d), symbol gate %s "
                + "(subtask %d); Flink's own busy gauge (a moving average) of that account subtask at the end: %s",
                rounded(account), account.busiestSubtask(), rounded(gate), gate.busiestSubtask(),
                account.lastBusyGauge().isPresent()
                        ? String.format(java.util.Locale.ROOT, "%.1f", account.lastBusyGauge().getAsDouble()) : "n/a");
        ctx.progress(NAME, "the account's busy ms/s, interval by interval (readings about a second apart): %s",
                s.account().busiestSeries().stream().map(v -> Long.toString(Math.round(v))).toList());
    }

    /**
     * The account's own CPU per 1,000 records it took in: on a machine whose cores the load, the broker
     * and the job share, busy time also counts the time a task waits for a core, its CPU time does not.
     */
    private static void reportCpu(Measurements out, VertexLoad.Summary account, double cpuMs, double seconds) {
        double records = account.recordsInPerSecond().orElse(0.0) * seconds;
        if (!ThreadCpu.supported()) {
            out.missing("account_cpu_ms_per_1k_records", "this JVM does not measure its threads' CPU time");
        } else if (records <= 0) {
            out.missing("account_cpu_ms_per_1k_records", "the account took in no record while measured");
        } else {
            out.put("account_cpu_ms_per_1k_records", cpuMs / (records / 1_000.0));
        }
    }

    private static String rounded(VertexLoad.Summary summary) {
        TreeMap<Integer, Long> bySubtask = new TreeMap<>();
        summary.busyP50BySubtask().forEach((subtask, busy) -> bySubtask.put(subtask, Math.round(busy)));
        return bySubtask.toString();
    }

    private static void put(Measurements out, String key, OptionalDouble value, String why) {
        if (value.isPresent()) {
            out.put(key, value.getAsDouble());
        } else {
            out.missing(key, why);
        }
    }
}
