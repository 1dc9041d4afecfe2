package io.canarykit.cli.bench;

import io.canarykit.admin.Sidecar;
import io.canarykit.cli.bench.FigureSpec.Unit;
import io.canarykit.config.KitConfig;
import io.canarykit.jobs.StateBackendConfig;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.GateReason;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The kill switch over every symbol: with the live job deciding for all of them under a moderate
 * load and the sidecar running, {@code POST /api/kit/kill}, and the time until a consumer of
 * {@code kit.gate-decisions} has seen a decision halted by the kill switch for every symbol; then
 * release, wait until none is, and again.
 */
final class KillSwitchBench implements BenchSection {

    static final String NAME = "kill-switch";
    /** Enough input for every symbol to stay live without loading the machine. */
    static final double LOAD_RATE = 2_000;
    /** The p99 a desk needs: every symbol halted within a quarter of a second of the call. */
    static final double GOAL_P99_MS = 250;
    /**
     * The run's size: trials, how long one side of a trial (kill or release) may take, and how long
     * all the trials may take, so a machine too busy to keep up ends the section in time.
     */
    private record Plan(int trials, Duration trialTimeout, Duration maxTrials) {}

    private static final Plan FULL = new Plan(50, Duration.ofSeconds(30), Duration.ofSeconds(240));
    private static final Plan QUICK = new Plan(8, Duration.ofSeconds(5), Duration.ofSeconds(25));
    private static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration FIRST_CHECKPOINT_TIMEOUT = Duration.ofSeconds(60);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<FigureSpec> figures() {
        List<FigureSpec> figures = new ArrayList<>();
        for (String[] backend : BACKENDS) {
            String suffix = backend[1];
            String state = suffix.isEmpty() ? "" : ", heap state";
            figures.add(FigureSpec.context("kill_switch_p50_ms" + suffix, "kill switch, all symbols halted p50" + state,
                    Unit.MILLISECONDS));
            figures.add(FigureSpec.of("kill_switch_p99_ms" + suffix, "kill switch, all symbols halted p99" + state,
                    Unit.MILLISECONDS, Goal.atMost(GOAL_P99_MS)));
            figures.add(FigureSpec.context("kill_switch_max_ms" + suffix, "kill switch, all symbols halted max" + state,
                    Unit.MILLISECONDS));
            figures.add(FigureSpec.context("kill_switch_trials" + suffix, "kill switch trials" + state, Unit.COUNT));
        }
        return figures;
    }

    /**
     * The live job's state backends, side by side in one run as in the latency section: RocksDB (the
     * figures without a suffix) and the heap ({@code _heap}), whose checkpoints do not stop the gate.
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
        Plan plan = ctx.quick() ? QUICK : FULL;
        List<String> symbols = LiveStack.symbols(ctx.symbols());
        HaltWatch watch = new HaltWatch(symbols);
        try (LiveStack stack = LiveStack.start(ctx, NAME, ctx.scratch().resolve(NAME + "-" + backend), symbols.size(),
                backend)) {
            double rate = Math.min(ctx.rate(), LOAD_RATE);
            try (DecisionReader reader = ctx.closeAtEnd(new DecisionReader(stack.bootstrap(),
                            (d, nanos) -> watch.seen(d.symbol(), d.seq(), haltedByKillSwitch(d), d.ts(), nanos))).start();
                    LiveLoad load = ctx.closeAtEnd(new LiveLoad(stack.bootstrap(), symbols, Set.of(), rate, 1,
                            stack.champion(), stack.challenger(), ctx.seed())).start()) {
                long sidecarStart = System.nanoTime();
                Sidecar sidecar = stack.startSidecar();
                ctx.progress(NAME, "sidecar ready in %.1f s", (System.nanoTime() - sidecarStart) / 1e9);
                Switch killSwitch = new Switch(sidecar.app().port(), stack.config());
                killSwitch.warmUp();
                ctx.progress(NAME, "feeding %,.0f events/s over %d symbols; sidecar on port %d; waiting for every "
                        + "symbol's decision", rate, symbols.size(), sidecar.app().port());
                long waiting = System.nanoTime();
                if (watch.await(false, waiting + WARM_UP_TIMEOUT.toNanos()).isEmpty()) {
                    throw new IllegalStateException(watch.known() + " of " + symbols.size()
                            + " symbols had a decision without the kill switch after " + WARM_UP_TIMEOUT.toSeconds() + " s");
                }
                ctx.progress(NAME, "all %d symbols decided after %.1f s", symbols.size(),
                        (System.nanoTime() - waiting) / 1e9);
                awaitFirstCheckpoint(ctx, stack);
                ctx.progress(NAME, "%d trials", plan.trials());
                Trials done = runTrials(ctx, stack, watch, killSwitch, plan);
                report(out, done, plan, suffix);
            }
        }
    }

    /**
     * Waits until the job has completed its first checkpoint. The first one loads the snapshot code and
     * takes RocksDB's first native checkpoint while the job is starting: a trial overlapping it would
     * measure the job's start, not the switch (later checkpoints fall among the trials as they come).
     */
    private static void awaitFirstCheckpoint(BenchContext ctx, LiveStack stack) throws Exception {
        long start = System.nanoTime();
        long deadline = start + FIRST_CHECKPOINT_TIMEOUT.toNanos();
        while (stack.flinkRest().lastCheckpoint(stack.jobId()).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the job completed no checkpoint within "
                        + FIRST_CHECKPOINT_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
        ctx.progress(NAME, "the job's first checkpoint completed after %.1f s more", (System.nanoTime() - start) / 1e9);
    }

    /** Halted by the kill switch: not allowed, with kill_switch among the reasons. */
    static boolean haltedByKillSwitch(GateDecision d) {
        return !d.allow() && d.reasons().contains(GateReason.KILL_SWITCH);
    }

    /** What the trials measured: each finished one's time, and how many never saw every symbol halted. */
    private record Trials(List<Double> millis, long unfinished) {}

    private static Trials runTrials(BenchContext ctx, LiveStack stack, HaltWatch watch, Switch killSwitch, Plan plan)
            throws Exception {
        List<Double> millis = new ArrayList<>();
        long unfinished = 0;
        double answeredMs = 0;
        long timeout = plan.trialTimeout().toNanos();
        long end = System.nanoTime() + plan.maxTrials().toNanos();
        int trials = plan.trials();
        for (int i = 1; i <= trials; i++) {
            if (System.nanoTime() > end) {
                ctx.progress(NAME, "stopping after %d trials: they took over %d s", i - 1, plan.maxTrials().toSeconds());
                break;
            }
            long start = System.nanoTime();
            long startMs = System.currentTimeMillis();
            long gcBefore = gcMillis();
            killSwitch.post("/api/kit/kill");
            // How much of a trial is the sidecar's (audit, publish, acknowledgement) and how much the job's.
            answeredMs = (System.nanoTime() - start) / 1e6;
            OptionalLong halted = watch.await(true, start + timeout);
            long firstHalted = watch.firstSince(true).orElse(start);
            // Read before the release turns them back.
            String gateDecided = gateDecided(watch, startMs);
            long gcDuring = gcMillis() - gcBefore;
            if (halted.isPresent()) {
                millis.add((halted.getAsLong() - start) / 1e6);
            } else {
                unfinished++;
                ctx.progress(NAME, "trial %d: not every symbol halted within %d s: %s", i, plan.trialTimeout().toSeconds(),
                        watch.shortOf(true));
            }
            killSwitch.post("/api/kit/kill/release");
            if (watch.await(false, System.nanoTime() + timeout).isEmpty()) {
                // Without every symbol released, the next trial would start half halted.
                ctx.progress(NAME, "trial %d: the kill switch was not released everywhere within %d s (%s); stopping",
                        i, plan.trialTimeout().toSeconds(), watch.shortOf(false));
                break;
            }
            boolean slow = halted.isPresent() && millis.get(millis.size() - 1) > GOAL_P99_MS;
            if (slow) {
                // A trial past the goal says where its time went: the sidecar's answer, the job's first
                // halted decision seen, and the last; the collector's pauses and a checkpoint met on the way.
                double took = millis.get(millis.size() - 1);
                ctx.progress(NAME, "trial %d took %.1f ms: the sidecar answered in %.1f ms, the first symbol was seen "
                        + "halted after %.1f ms; %s; %d ms of collections in the JVM, %s in the broker's; %s", i, took,
                        answeredMs, (firstHalted - start) / 1e6, gateDecided, gcDuring,
                        brokerPaused(stack, startMs, startMs + (long) Math.ceil(took)),
                        checkpointMet(stack, startMs, startMs + (long) took));
            } else if (ctx.quick() || i % 10 == 0 || i == trials) {
                ctx.progress(NAME, "%d of %d trials, the last %s (the sidecar answered its POST in %.1f ms)", i, trials,
                        halted.isPresent() ? String.format(java.util.Locale.ROOT, "%.1f ms", millis.get(millis.size() - 1))
                                : "unfinished", answeredMs);
            }
        }
        return new Trials(millis, unfinished);
    }

    /**
     * When the gate's subtasks took the command up, from the trial's start: a command's decisions all
     * carry the time their subtask began re-deciding (the job's clock, on this machine), so what lies
     * between it and the sightings is the subtask's loop and the output path (the rollout overlay,
     * the producers, the broker, the consumer).
     */
    private static String gateDecided(HaltWatch watch, long startMs) {
        return watch.turnedTs(true)
                .map(span -> "the gate took the command up at +" + (span.first() - startMs) + " to +"
                        + (span.last() - startMs) + " ms")
                .orElse("the gate's decisions are not all seen");
    }

    /** The time the JVM's collectors have taken so far (the mini-cluster runs in it), in ms. */
    private static long gcMillis() {
        long total = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    /** The broker's own collection pauses during a trial, for a slow trial's progress line. */
    private static String brokerPaused(LiveStack stack, long fromMs, long toMs) {
        try {
            return GcPauses.pausedMsDuring(stack.brokerGcLog(), fromMs, toMs) + " ms";
        } catch (java.io.IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** Which checkpoint of the job ran during a trial, if any, for a slow trial's progress line. */
    private static String checkpointMet(LiveStack stack, long fromMs, long toMs) {
        try {
            var rest = stack.flinkRest();
            var met = CheckpointHistory.overlapping(rest.checkpoints(stack.jobId()), fromMs, toMs);
            if (met.isEmpty()) {
                return "no checkpoint ran meanwhile";
            }
            // The vertex where a record could have waited longest behind the checkpoint's barrier.
            CheckpointHistory.Pause longest = null;
            for (var vertex : rest.vertices(stack.jobId())) {
                CheckpointHistory.Pause pause = CheckpointHistory.pauseOf(vertex.path("name").asText().split(" -> ")[0],
                        rest.checkpointOfVertex(stack.jobId(), met.get().id(), vertex.path("id").asText()));
                if (longest == null || pause.heldMs() > longest.heldMs()) {
                    longest = pause;
                }
            }
            return met.get().describe() + (longest == null ? "" : "; longest held at " + longest.describe());
        } catch (java.io.IOException e) {
            return "the checkpoints could not be read: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "the checkpoints were not read: interrupted";
        }
    }

    private static void report(Measurements out, Trials t, Plan plan, String suffix) {
        String why = t.unfinished() + " of " + (t.millis().size() + t.unfinished())
                + " trials never saw every symbol halted within " + plan.trialTimeout().toSeconds() + " s";
        // Exact nearest ranks of the trials' own times: with 50 trials, p99 is the 50th smallest, the largest.
        put(out, "kill_switch_p50_ms" + suffix, CensoredPercentiles.nearestRank(t.millis(), t.unfinished(), 50), why);
        put(out, "kill_switch_p99_ms" + suffix, CensoredPercentiles.nearestRank(t.millis(), t.unfinished(), 99), why);
        put(out, "kill_switch_max_ms" + suffix, t.unfinished() > 0 ? OptionalDouble.empty()
                : CensoredPercentiles.nearestRank(t.millis(), 0, 100), why);
        out.put("kill_switch_trials" + suffix, t.millis().size() + t.unfinished());
    }

    private static void put(Measurements out, String key, OptionalDouble value, String why) {
        if (value.isPresent()) {
            out.put(key, value.getAsDouble());
        } else {
            out.missing(key, why);
        }
    }

    /** The sidecar's kill switch over HTTP, with the admin token when one is set. */
    private static final class Switch {
        // HTTP/1.1 as curl speaks it; the JDK client's default first offers an h2c upgrade.
        private final HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        private final String base;
        private final String token;

        Switch(int port, KitConfig config) {
            this.base = "http://127.0.0.1:" + port;
            this.token = config.hasAdminToken() ? config.kitAdminToken() : null;
        }

        /**
         * Loads the bench's own HTTP client and opens its connection with a request to {@code /ping},
         * a route that does no work, so that the first trial measures the kill switch and not the
         * client's start.
         */
        void warmUp() throws Exception {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/ping"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("GET /ping answered " + response.statusCode());
            }
        }

        void post(String path) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.noBody());
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
            }
        }
    }
}
