package io.canarykit.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarykit.cli.bench.FigureSpec.Unit;
import io.canarykit.cli.cluster.FlinkRest;
import io.canarykit.jobs.StateBackendConfig;
import io.canarykit.schema.Feed;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.GateReason;
import io.canarykit.schema.Topics;
import io.canarykit.schema.codec.JsonCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Event → decision latency through a real Kafka broker: the live job fed an open-loop load at the
 * bench's rate, and probes on top of it, each a primary quote that opens a dislocation beyond the
 * limit on a probe symbol or closes it again. A probe's latency runs from its send being acknowledged
 * to a consumer of {@code kit.gate-decisions} seeing the symbol's decision change, recorded in an
 * HdrHistogram corrected for coordinated omission at the probe interval.
 */
final class LatencyBench implements BenchSection {

    static final String NAME = "latency";
    /** How often a probe is due; a probe symbol whose last probe has not ended sits its turn out. */
    static final Duration PROBE_INTERVAL = Duration.ofMillis(75);
    /** How often the prober re-sends each probe symbol's primary quote, so the symbol is never stale. */
    private static final Duration KEEP_ALIVE = Duration.ofMillis(200);
    /** How far a probe moves the primary mid, in multiples of the dislocation limit. */
    private static final double DISLOCATION_FACTOR = 5;
    private static final int LOAD_THREADS = 2;
    /** How far behind the wall clock the job's applied input may be for the warm-up to count as done. */
    private static final long CAUGHT_UP_MS = 2_000;

    /**
     * The run's size: probes to send, how long probes may run, how long one may take, and the
     * warm-up, at least and at most.
     */
    private record Plan(int probes, Duration maxProbing, Duration probeTimeout, Duration warmUp, Duration maxWarmUp) {

        /** This plan with {@code n} probes, given at least twice their schedule to run. */
        Plan withProbes(int n) {
            Duration scheduled = PROBE_INTERVAL.multipliedBy(2L * n);
            return new Plan(n, scheduled.compareTo(maxProbing) > 0 ? scheduled : maxProbing, probeTimeout, warmUp,
                    maxWarmUp);
        }
    }

    private static final Plan FULL = new Plan(250, Duration.ofSeconds(120), Duration.ofSeconds(30),
            Duration.ofSeconds(10), Duration.ofSeconds(180));
    private static final Plan QUICK = new Plan(40, Duration.ofSeconds(10), Duration.ofSeconds(8),
            Duration.ofSeconds(3), Duration.ofSeconds(12));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<FigureSpec> figures() {
        return List.of(
                FigureSpec.context("latency_p50_ms", "event → decision p50", Unit.MILLISECONDS),
                FigureSpec.of("latency_p99_ms", "event → decision p99", Unit.MILLISECONDS, Goal.atMost(50)),
                FigureSpec.context("latency_p999_ms", "event → decision p99.9", Unit.MILLISECONDS),
                FigureSpec.context("latency_max_ms", "event → decision max", Unit.MILLISECONDS),
                FigureSpec.context("latency_probes", "latency probes measured", Unit.COUNT),
                FigureSpec.context("latency_input_eps", "latency run input rate achieved", Unit.EVENTS_PER_SECOND),
                FigureSpec.context("latency_p50_ms_heap", "event → decision p50, heap state", Unit.MILLISECONDS),
                FigureSpec.of("latency_p99_ms_heap", "event → decision p99, heap state", Unit.MILLISECONDS, Goal.atMost(50)),
                FigureSpec.context("latency_p999_ms_heap", "event → decision p99.9, heap state", Unit.MILLISECONDS),
                FigureSpec.context("latency_max_ms_heap", "event → decision max, heap state", Unit.MILLISECONDS),
                FigureSpec.context("latency_probes_heap", "latency probes measured, heap state", Unit.COUNT),
                FigureSpec.context("latency_input_eps_heap", "latency run input rate achieved, heap state",
                        Unit.EVENTS_PER_SECOND),
                FigureSpec.context("live_cpu_ms_per_1k_events", "live job CPU per 1,000 input events", Unit.MILLISECONDS),
                FigureSpec.context("live_cpu_ms_per_1k_events_heap", "live job CPU per 1,000 input events, heap state",
                        Unit.MILLISECONDS),
                FigureSpec.context("broker_cpu_ms_per_1k_events", "broker CPU per 1,000 input events", Unit.MILLISECONDS),
                FigureSpec.context("broker_cpu_ms_per_1k_events_heap", "broker CPU per 1,000 input events, heap state",
                        Unit.MILLISECONDS),
                FigureSpec.context("live_checkpoint_max_ms", "live job's longest checkpoint while probed", Unit.MILLISECONDS),
                FigureSpec.context("live_checkpoint_max_ms_heap", "live job's longest checkpoint while probed, heap state",
                        Unit.MILLISECONDS),
                FigureSpec.context("live_checkpoint_sync_max_ms", "live job's longest synchronous checkpoint part while probed",
                        Unit.MILLISECONDS),
                FigureSpec.context("live_checkpoint_sync_max_ms_heap",
                        "live job's longest synchronous checkpoint part while probed, heap state", Unit.MILLISECONDS),
                FigureSpec.context("live_state_mb", "live job's checkpointed state at the end, MiB", Unit.COUNT),
                FigureSpec.context("live_state_mb_heap", "live job's checkpointed state at the end, MiB, heap state",
                        Unit.COUNT),
                FigureSpec.context("latency_warm_up_s", "warm-up before the probes, until caught up and the JIT quiet",
                        Unit.SECONDS),
                FigureSpec.context("latency_warm_up_s_heap",
                        "warm-up before the probes, until caught up and the JIT quiet, heap state", Unit.SECONDS),
                FigureSpec.context("latency_jit_share", "JIT compile time over wall time while probed", Unit.RATIO),
                FigureSpec.context("latency_jit_share_heap", "JIT compile time over wall time while probed, heap state",
                        Unit.RATIO));
    }

    /**
     * The live job's state backends, side by side in one run: RocksDB (the figures without a suffix)
     * and the heap ({@code _heap}), which a gate whose state fits in memory can run on.
     */
    private static final List<String[]> BACKENDS = List.of(
            new String[] {StateBackendConfig.ROCKSDB, ""},
            new String[] {StateBackendConfig.HASHMAP, "_heap"});

    @Override
    public void run(BenchContext ctx, Measurements out) throws Exception {
        for (String[] backend : BACKENDS) {
            run(ctx, out, backend[0], backend[1]);
        }
    }

    private void run(BenchContext ctx, Measurements out, String backend, String suffix) throws Exception {
        Plan base = ctx.quick() ? QUICK : FULL;
        Plan plan = base.withProbes(ctx.probesOr(base.probes()));
        List<String> symbols = LiveStack.symbols(ctx.symbols());
        List<String> probeSymbols = symbols.subList(0, probeSymbolCount(symbols.size()));
        try (LiveStack stack = LiveStack.start(ctx, NAME, ctx.scratch().resolve(NAME + "-" + backend), symbols.size(),
                backend)) {
            Probing probing = new Probing(stack, probeSymbols);
            try (DecisionReader reader = ctx.closeAtEnd(new DecisionReader(stack.bootstrap(), probing::seen, probing::wants)).start();
                    KafkaProducer<String, byte[]> producer = probeProducer(stack.bootstrap());
                    LiveLoad load = ctx.closeAtEnd(new LiveLoad(stack.bootstrap(), symbols, Set.copyOf(probeSymbols),
                            ctx.rate(), LOAD_THREADS, stack.champion(), stack.challenger(), ctx.seed())).start()) {
                ctx.progress(NAME, "feeding %,.0f events/s over %d symbols (%d probe symbols); warming up",
                        ctx.rate(), symbols.size(), probeSymbols.size());
                long warmUpStart = System.nanoTime();
                long warmUpDeadline = warmUpStart + plan.maxWarmUp().toNanos();
                probing.warmUp(ctx, producer, symbols.size(), plan);
                probing.warmUpProbes(ctx, producer, plan, warmUpDeadline);
                long probedFromNanos = System.nanoTime();
                out.put("latency_warm_up_s" + suffix, (probedFromNanos - warmUpStart) / 1e9);
                long jitFromMillis = JitCompilation.totalMillis();
                LiveLoad.Mark measuredFrom = load.mark();
                Map<Long, Long> jobCpuFrom = ThreadCpu.snapshot(LatencyBench::ofTheJob);
                OptionalLong brokerCpuFrom = ProcessCpu.nanos(stack.brokerPid());
                long probedFromMs = System.currentTimeMillis();
                probing.probe(ctx, producer, plan);
                reportJit(out, System.nanoTime() - probedFromNanos, JitCompilation.totalMillis() - jitFromMillis, suffix);
                reportCheckpoints(ctx, out, stack, probedFromMs, System.currentTimeMillis(), suffix);
                long sentMeanwhile = load.mark().sent() - measuredFrom.sent();
                reportCpu(out, ThreadCpu.usedBetween(jobCpuFrom, ThreadCpu.snapshot(LatencyBench::ofTheJob)),
                        sentMeanwhile, suffix);
                reportBrokerCpu(out, ProcessCpu.usedBetween(brokerCpuFrom, ProcessCpu.nanos(stack.brokerPid())),
                        sentMeanwhile, suffix);
                // Over the load's whole life, warm-up included: a sender that fell behind and caught up
                // during the probes would otherwise show more than was asked.
                double achieved = load.mark().rateSince(load.started());
                report(out, probing, achieved, suffix);
                ctx.progress(NAME, "input rate achieved %,.0f events/s of %,.0f asked; %d load sends failed",
                        achieved, ctx.rate(), load.failed());
            }
        }
    }

    /** A fifth of the symbols probe, at most 20: enough for a probe every interval while others settle. */
    static int probeSymbolCount(int symbols) {
        return Math.max(1, Math.min(20, symbols / 5));
    }

    private static void report(Measurements out, Probing probing, double inputEps, String suffix) {
        long unfinished = probing.book.timedOut();
        String why = unfinished + " of " + probing.sent + " probes saw no decision change within the probe timeout"
                + " (the job's applied input was " + probing.behindMs() + " ms behind the clock at the end)";
        put(out, "latency_p50_ms" + suffix, CensoredPercentiles.ms(probing.corrected, 50, unfinished), why);
        put(out, "latency_p99_ms" + suffix, CensoredPercentiles.ms(probing.corrected, 99, unfinished), why);
        put(out, "latency_p999_ms" + suffix, CensoredPercentiles.ms(probing.corrected, 99.9, unfinished), why);
        put(out, "latency_max_ms" + suffix, CensoredPercentiles.maxMs(probing.corrected, unfinished), why);
        out.put("latency_probes" + suffix, probing.raw.getTotalCount());
        out.put("latency_input_eps" + suffix, inputEps);
    }

    /**
     * Whether a thread of this JVM works for the job (its tasks, timers, flushers, Kafka clients and
     * Flink's own) rather than for the bench: the load's senders and their producers, the prober and
     * its producer, the decisions' reader, and the main thread that runs them are all named so.
     */
    static boolean ofTheJob(String threadName) {
        return !threadName.startsWith("bench-") && !threadName.contains("| bench-") && !threadName.equals("main");
    }

    /**
     * The broker's CPU over the measured probes per 1,000 input events: the broker shares the machine
     * with the job, and what the job's clients ask of it (fetches, produce requests) is its cost too.
     */
    private static void reportBrokerCpu(Measurements out, OptionalLong cpuNanos, long events, String suffix) {
        String key = "broker_cpu_ms_per_1k_events" + suffix;
        if (cpuNanos.isEmpty()) {
            out.missing(key, "the system did not give the broker process's CPU time");
        } else if (events <= 0) {
            out.missing(key, "the load sent nothing while measured");
        } else {
            out.put(key, cpuNanos.getAsLong() / 1e6 / (events / 1_000.0));
        }
    }

    /** The compilers' time while probed, over the probes' wall time: how quiet the JIT was meanwhile. */
    private static void reportJit(Measurements out, long wallNanos, long jitMillis, String suffix) {
        if (JitCompilation.supported()) {
            out.put("latency_jit_share" + suffix, WarmUp.jitShare(wallNanos, jitMillis));
        } else {
            out.missing("latency_jit_share" + suffix, "this JVM does not report its JIT compilers' time");
        }
    }

    /**
     * The job's threads' CPU over the measured probes per 1,000 input events: its cost per event,
     * which a saturated machine does not inflate as it does latency, so runs compare on it.
     */
    private static void reportCpu(Measurements out, long cpuNanos, long events, String suffix) {
        String key = "live_cpu_ms_per_1k_events" + suffix;
        if (!ThreadCpu.supported()) {
            out.missing(key, "this JVM does not measure its threads' CPU time");
        } else if (events <= 0) {
            out.missing(key, "the load sent nothing while measured");
        } else {
            out.put(key, cpuNanos / 1e6 / (events / 1_000.0));
        }
    }

    /**
     * The job's checkpoints while it was probed: the longest end to end, the longest synchronous part
     * of any subtask (its thread's pause) and in which vertex, and the state the newest one carried.
     * Read from the mini-cluster's REST API; a figure it cannot give is missing, with why.
     */
    private static void reportCheckpoints(BenchContext ctx, Measurements out, LiveStack stack, long fromMs, long toMs,
            String suffix) {
        String longest = "live_checkpoint_max_ms" + suffix;
        String sync = "live_checkpoint_sync_max_ms" + suffix;
        String state = "live_state_mb" + suffix;
        FlinkRest rest = stack.flinkRest();
        CheckpointHistory seen;
        OptionalDouble syncMs = OptionalDouble.empty();
        String syncVertex = "n/a";
        // Each checkpoint's longest synchronous part, in order: one run's spread, beside its maximum.
        List<String> syncByCheckpoint = new ArrayList<>();
        try {
            seen = CheckpointHistory.during(rest.checkpoints(stack.jobId()), fromMs, toMs);
            for (long id : seen.completedIds()) {
                long longestOfCheckpoint = -1;
                for (JsonNode vertex : rest.vertices(stack.jobId())) {
                    OptionalLong ms = CheckpointHistory.longestSyncPartMs(
                            rest.checkpointOfVertex(stack.jobId(), id, vertex.path("id").asText()));
                    if (ms.isPresent() && (syncMs.isEmpty() || ms.getAsLong() > syncMs.getAsDouble())) {
                        syncMs = OptionalDouble.of(ms.getAsLong());
                        syncVertex = vertex.path("name").asText();
                    }
                    if (ms.isPresent()) {
                        longestOfCheckpoint = Math.max(longestOfCheckpoint, ms.getAsLong());
                    }
                }
                syncByCheckpoint.add(longestOfCheckpoint < 0 ? "n/a" : Long.toString(longestOfCheckpoint));
            }
        } catch (IOException e) {
            for (String key : List.of(longest, sync, state)) {
                out.missing(key, "the job's REST API did not answer: " + e.getMessage());
            }
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            for (String key : List.of(longest, sync, state)) {
                out.missing(key, "interrupted while reading the job's checkpoints");
            }
            return;
        }
        OptionalDouble longestMs = seen.maxEndToEndMs().isPresent()
                ? OptionalDouble.of(seen.maxEndToEndMs().getAsLong()) : OptionalDouble.empty();
        put(out, longest, longestMs, "no checkpoint triggered while probed completed");
        put(out, sync, syncMs, "no checkpoint triggered while probed completed");
        put(out, state, seen.latestStateMb(), "no checkpoint had completed by the end of the probes");
        ctx.progress(NAME, "checkpoints while probed: %d completed, the longest %s ms; a subtask's longest synchronous part"
                + " %s ms (%s); by checkpoint [%s] ms; state at the end %s MiB", seen.completed(), orNa(longestMs, "%.0f"),
                orNa(syncMs, "%.0f"), syncVertex, String.join(", ", syncByCheckpoint), orNa(seen.latestStateMb(), "%.1f"));
    }

    private static String orNa(OptionalDouble value, String format) {
        return value.isPresent() ? String.format(Locale.ROOT, format, value.getAsDouble()) : "n/a";
    }

    private static void put(Measurements out, String key, OptionalDouble value, String why) {
        if (value.isPresent()) {
            out.put(key, value.getAsDouble());
        } else {
            out.missing(key, why);
        }
    }

    /** The probe producer sends each record at once (linger.ms 0) and waits for the broker to have it. */
    private static KafkaProducer<String, byte[]> probeProducer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-probe");
        return new KafkaProducer<>(props);
    }

    /** The probes of one run: the prober's loop, the book of probes on their way and the histograms. */
    private static final class Probing {
        final ProbeBook book = new ProbeBook();
        final Histogram raw = LatencySummary.microsHistogram();
        final Histogram corrected = LatencySummary.microsHistogram();
        final Set<String> decided = ConcurrentHashMap.newKeySet();
        final AtomicLong appliedUpTo = new AtomicLong(Long.MIN_VALUE);
        final List<String> probeSymbols;
        final Set<String> probing;
        final Map<String, Long> lastQuoteMs = new HashMap<>();
        final double dislocatedMid;
        /** The latest warm-up probes' latencies, one round's worth; measuring starts once they are all short. */
        final java.util.ArrayDeque<Long> warmUpLatencies = new java.util.ArrayDeque<>();
        /** The JIT compilers' share of the wall time over the last few seconds. */
        final JitMeter jit = JitMeter.live();
        volatile boolean measuring;
        /** Set once every symbol has decided: from then on only the probe symbols' decisions are read. */
        volatile boolean everySymbolDecided;
        private final Map<String, GateDecision> latestOfProbed = new ConcurrentHashMap<>();
        long sent;
        long skipped;

        Probing(LiveStack stack, List<String> probeSymbols) {
            this.probeSymbols = List.copyOf(probeSymbols);
            this.probing = Set.copyOf(probeSymbols);
            double limitBps = stack.config().dislocationMaxBps();
            this.dislocatedMid = LoadMix.START_MID * (1 + DISLOCATION_FACTOR * Math.max(limitBps, 1) * 1e-4);
        }

        /** Whether the reader should decode {@code symbol}'s decisions: all until each symbol has decided. */
        boolean wants(String symbol) {
            return !everySymbolDecided || probing.contains(symbol);
        }

        /** Hears a decision: it may end a probe, and it says the symbol is live. */
        void seen(GateDecision d, long seenNanos) {
            decided.add(d.symbol());
            if (probing.contains(d.symbol())) {
                latestOfProbed.put(d.symbol(), d);
            }
            if (d.kpis() != null) {
                appliedUpTo.accumulateAndGet(d.kpis().ts(), Math::max);
            }
            if (probing.contains(d.symbol()) && d.kpis() != null) {
                // The KPI record's time is the input time the decision applied up to; a heartbeat carries
                // the last one, so it cannot pass for the probe's own decision.
                book.seen(d.symbol(), d.kpis().ts(), d.reasons().contains(GateReason.DISLOCATION), seenNanos)
                        .ifPresent(this::record);
            }
        }

        synchronized void record(long micros) {
            if (!measuring) {
                warmUpLatencies.addLast(micros);
                while (warmUpLatencies.size() > probeSymbols.size()) {
                    warmUpLatencies.removeFirst();
                }
                return;
            }
            raw.recordValue(Math.min(micros, raw.getHighestTrackableValue()));
            corrected.recordValueWithExpectedInterval(Math.min(micros, corrected.getHighestTrackableValue()),
                    PROBE_INTERVAL.toNanos() / 1_000);
        }

        /**
         * How far the input the job has applied is behind the clock: now less the newest input time
         * a decision was computed over (a heartbeat carries its symbol's last one).
         */
        long behindMs() {
            long applied = appliedUpTo.get();
            return applied == Long.MIN_VALUE ? -1 : Math.max(0, System.currentTimeMillis() - applied);
        }

        /**
         * Keeps the probe symbols quoted until every symbol has a decision and the job has caught up
         * with its input (a job just started works through a backlog while it warms), or until the
         * longest warm-up; a job that never catches up is probed all the same, and said so.
         */
        void warmUp(BenchContext ctx, KafkaProducer<String, byte[]> producer, int symbols, Plan plan)
                throws InterruptedException {
            long start = System.nanoTime();
            long deadline = start + plan.maxWarmUp().toNanos();
            while (System.nanoTime() < deadline && (decided.size() < symbols
                    || System.nanoTime() - start < plan.warmUp().toNanos() || behindMs() > CAUGHT_UP_MS)) {
                keepAlive(producer, System.currentTimeMillis());
                Thread.sleep(50);
            }
            everySymbolDecided = decided.size() >= symbols;
            // A job that has not decided every symbol yet is probed all the same: its probes time out,
            // and the figures say so, rather than the section failing without them.
            ctx.progress(NAME, "%d of %d symbols decided after %.1f s, the job %,d ms behind its input%s; probing",
                    decided.size(), symbols, (System.nanoTime() - start) / 1e9, behindMs(),
                    behindMs() > CAUGHT_UP_MS ? " (it has not caught up)" : "");
        }

        /** Sends probes on an open schedule, then waits for the last ones to end or time out. */
        void probe(BenchContext ctx, KafkaProducer<String, byte[]> producer, Plan plan) {
            sendProbes(ctx, producer, plan, System.nanoTime() + plan.maxProbing().toNanos(), () -> sent >= plan.probes());
            drain(producer, plan);
            progress(ctx);
        }

        /**
         * Probes whose figures are thrown away, until a whole round of them (one per probe symbol)
         * has ended within {@link #CAUGHT_UP_MS} each and the JIT compilers have quieted
         * ({@link JitMeter#live()}), or the longest warm-up is over:
         * so the figures measure the job at its steady state, not its start. The decisions alone
         * cannot say when every subtask has caught up: a symbol with no change decides only at
         * heartbeats. A fresh JVM compiles the job's paths for a minute or more at this load, at
         * times a whole core's worth, on the cores the job needs; a gate running all day does not.
         */
        void warmUpProbes(BenchContext ctx, KafkaProducer<String, byte[]> producer, Plan plan, long deadlineNanos) {
            sendProbes(ctx, producer, plan, deadlineNanos, this::warmedUp);
            drain(producer, plan);
            boolean caughtUp = caughtUp();
            boolean jitQuiet = jitQuiet();
            ctx.progress(NAME, "warm-up probes: %d sent, the last %d ended within %s ms%s; JIT %.0f%% of the last %d s%s",
                    sent, warmUpLatencies.size(), CAUGHT_UP_MS, caughtUp ? "" : " (not all)",
                    100 * jit.share(System.nanoTime()), jit.windowSeconds(),
                    caughtUp && jitQuiet ? "" : "; the longest warm-up is over: measuring anyway");
            book.forgetTimedOut();
            sent = 0;
            skipped = 0;
            measuring = true;
        }

        /** Whether the job has caught up with its input and the compilers have quieted. */
        private boolean warmedUp() {
            return caughtUp() && jitQuiet();
        }

        private synchronized boolean caughtUp() {
            return warmUpLatencies.size() >= probeSymbols.size()
                    && warmUpLatencies.stream().allMatch(micros -> micros <= CAUGHT_UP_MS * 1_000);
        }

        private boolean jitQuiet() {
            return jit.quiet(System.nanoTime());
        }

        private void sendProbes(BenchContext ctx, KafkaProducer<String, byte[]> producer, Plan plan, long untilNanos,
                BooleanSupplier done) {
            long start = System.nanoTime();
            OpenLoopSchedule schedule = new OpenLoopSchedule(start, 1e9 / PROBE_INTERVAL.toNanos());
            long due = 0;
            int turn = 0;
            long nextProgress = start + TimeUnit.SECONDS.toNanos(5);
            while (!done.getAsBoolean() && System.nanoTime() < untilNanos) {
                long now = System.nanoTime();
                if (due >= schedule.dueBy(now)) {
                    LockSupport.parkNanos(Math.min(schedule.dueNanos(due), now + KEEP_ALIVE.toNanos()) - now);
                    keepAlive(producer, System.currentTimeMillis());
                    continue;
                }
                due++;
                book.expire(now, plan.probeTimeout().toNanos());
                describeGivenUp(ctx);
                String symbol = nextSettled(turn);
                if (symbol == null) {
                    skipped++;
                } else {
                    turn = probeSymbols.indexOf(symbol) + 1;
                    send(producer, symbol);
                }
                if (now >= nextProgress) {
                    progress(ctx);
                    nextProgress += TimeUnit.SECONDS.toNanos(5);
                }
            }
        }

        /** A probe given up says which way it went, what came back, and its symbol's latest decision. */
        private void describeGivenUp(BenchContext ctx) {
            List<ProbeBook.GivenUp> lost = book.takeGivenUp();
            for (ProbeBook.GivenUp p : lost.subList(0, Math.min(lost.size(), 3))) {
                GateDecision last = latestOfProbed.get(p.symbol());
                ctx.progress(NAME, "probe on %s %s stamped %d gave up (acknowledged %s, its decision seen %s); its "
                        + "latest decision: %s", p.symbol(), p.dislocates() ? "to dislocate" : "to move back", p.eventTs(),
                        p.acked() ? "yes" : "no", p.seen() ? "yes" : "no", last == null ? "none" : String.format(
                                "seq %d, %s, reasons %s, applied up to %+d ms from the probe", last.seq(),
                                last.mode().wire(), last.reasons(), last.kpis() == null ? 0 : last.kpis().ts() - p.eventTs()));
            }
        }

        /** Waits for the probes on their way to end, or gives them up at the probe timeout. */
        private void drain(KafkaProducer<String, byte[]> producer, Plan plan) {
            long drainUntil = System.nanoTime() + plan.probeTimeout().toNanos();
            while (book.pending() > 0 && System.nanoTime() < drainUntil) {
                keepAlive(producer, System.currentTimeMillis());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            book.expire(System.nanoTime(), 0);
        }

        private void progress(BenchContext ctx) {
            LatencySummary s;
            synchronized (this) {
                s = LatencySummary.of(raw);
            }
            ctx.progress(NAME, "%d probes sent, %d ended (raw p50 %.1f ms, p99 %.1f ms), %d on their way, "
                    + "%d timed out, %d turns skipped with every probe symbol busy; the job %,d ms behind its input; "
                    + "JIT %.0f%% of the last %d s", sent, s.count(), s.p50Ms(), s.p99Ms(), book.pending(), book.timedOut(),
                    skipped, behindMs(), 100 * jit.share(System.nanoTime()), jit.windowSeconds());
        }

        private String nextSettled(int from) {
            for (int i = 0; i < probeSymbols.size(); i++) {
                String candidate = probeSymbols.get((from + i) % probeSymbols.size());
                if (book.settled(candidate)) {
                    return candidate;
                }
            }
            return null;
        }

        private void send(KafkaProducer<String, byte[]> producer, String symbol) {
            long ts = System.currentTimeMillis();
            boolean dislocates = book.sent(symbol, ts, System.nanoTime());
            sent++;
            lastQuoteMs.put(symbol, ts);
            producer.send(quote(symbol, ts, dislocates), (meta, e) -> {
                if (e == null) {
                    book.acked(symbol, ts, System.nanoTime()).ifPresent(this::record);
                }
            });
        }

        // Re-sends each probe symbol's primary quote as the last probe left it, at most once per
        // millisecond of event time per symbol, so it never shares a timestamp with a probe.
        private void keepAlive(KafkaProducer<String, byte[]> producer, long nowMs) {
            for (String symbol : probeSymbols) {
                Long last = lastQuoteMs.get(symbol);
                if (last == null || nowMs - last >= KEEP_ALIVE.toMillis()) {
                    lastQuoteMs.put(symbol, nowMs);
                    producer.send(quote(symbol, nowMs, book.dislocated(symbol)));
                }
            }
        }

        private ProducerRecord<String, byte[]> quote(String symbol, long ts, boolean dislocated) {
            double mid = dislocated ? dislocatedMid : LoadMix.START_MID;
            return new ProducerRecord<>(Topics.MARKET, symbol, JsonCodec.encode(LoadMix.quote(symbol, ts, Feed.PRIMARY, mid)));
        }
    }
}
