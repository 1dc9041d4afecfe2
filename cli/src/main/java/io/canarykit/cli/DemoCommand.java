package io.canarykit.cli;

import io.canarykit.cli.demo.Demo;
import io.canarykit.cli.demo.DemoPorts;
import io.canarykit.cli.demo.recording.Recording;
import io.canarykit.cli.demo.recording.RecordingPlayer;
import io.canarykit.cli.demo.recording.RecordingSummary;
import io.canarykit.cli.demo.desk.Scenario;
import io.canarykit.cli.demo.desk.Scenarios;
import io.canarykit.cli.observability.PrometheusServer;
import io.canarykit.config.KitConfig;
import io.canarykit.schema.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code kit demo}: the whole system on this machine, with a simulated desk that obeys the gates. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        header = "Run all of Canary Kit on this machine, with a simulated desk.",
        description = {
            "Starts an Apache Kafka broker (KRaft, as a child process on 127.0.0.1, with its data in ./data/kafka), the "
                    + "gating job on a local Flink mini-cluster (RocksDB, checkpoints in ./data/checkpoints, web UI on "
                    + ":8081, Prometheus on :9249), the admin sidecar on :8000, and a desk simulator that sends quotes "
                    + "and features and trades only when its gates allow. Ctrl-C stops everything; ./data is kept.",
            "",
            "With --from-dir DIR it plays recorded files instead of simulating the desk: market.jsonl, "
                    + "features.jsonl, orders.jsonl and control.jsonl (the files kit replay reads; those present), merged "
                    + "by ts and sent at the pace they were recorded, each ts moved to the time it plays at.",
            "",
            "The job keeps its state across starts: a clean stop takes a savepoint, and the next start restores "
                    + "the newest savepoint or retained checkpoint under ./data (--fresh starts empty).",
            "",
            "Unless set in the environment or with --set, the demo uses desk limits that let it trade all day:",
            "MAX_TRADES_PER_DAY=20000, MAX_OPEN_POSITIONS = the number of symbols, MAX_DAILY_DRAWDOWN_PCT=0.05."
        })
public final class DemoCommand implements Callable<Integer> {

    /** The scenarios this build plays. */
    static final List<String> SCENARIOS = Scenarios.NAMES;

    @Option(names = "--no-prometheus",
            description = "Leave Prometheus out; otherwise the demo runs the prometheus on the PATH with the project's rules.")
    private boolean noPrometheus;

    @Option(names = "--fresh", description = "Delete the data directory first: a new broker, job state and database.")
    private boolean fresh;

    @Option(names = "--duration", paramLabel = "TIME",
            description = "Stop after this long, e.g. 90s, 10m or 2h (default: run until Ctrl-C).")
    private String duration;

    @Option(names = "--port", description = "Port of the sidecar and its page (default: ${DEFAULT-VALUE}).", defaultValue = "8000")
    private int port;

    @Option(names = "--port-offset", paramLabel = "N", defaultValue = "0",
            description = "Add N to every port (the page's, Kafka 19092, Flink 8081, metrics 9249, ...), to run beside "
                    + "another demo (default: ${DEFAULT-VALUE}).")
    private int portOffset;

    @Option(names = "--symbols", split = ",", paramLabel = "SYM[,SYM...]",
            description = "Symbols to simulate (default: ${DEFAULT-VALUE}).", defaultValue = "BTCUSDT,ETHUSDT,SOLUSDT")
    private List<String> symbols;

    @Option(names = "--rate", paramLabel = "EVENTS_PER_S",
            description = "Quote and feature events per second over all symbols (default: ${DEFAULT-VALUE}).", defaultValue = "48")
    private double rate;

    @Option(names = "--scenario", paramLabel = "NAME",
            description = {"The desk's story, timed from arming (default: ${DEFAULT-VALUE}):",
                "  healthy        every signal within its limit",
                "  drift          PSI drifts: psi_warn, then psi",
                "  stale-feed     a primary feed stops: stale",
                "  dislocation    reference feed moves: dislocation",
                "  latency-spike  slow acks: slo_p95_place_ms",
                "  error-burst    failing orders: slo_error_rate",
                "  drawdown       a sell-off: budget halts all",
                "  canary-bad     bad canary fills: challenger_slo; the rollout aborts",
                "  rollout        a sped-up rollout (a shadow step, then 5, 10 and 20 percent) completes",
                "Faults hit the first of --symbols. The plan is printed at start, and each step when it happens;",
                "docs/demo.md tells the stories."},
            defaultValue = "healthy")
    private String scenario;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the demo keeps its data (default: ${DEFAULT-VALUE}).",
            defaultValue = "data")
    private Path dataDir;

    @Option(names = "--from-dir", paramLabel = "DIR",
            description = "Play the recorded JSONL files in DIR at their recorded pace instead of simulating the desk.")
    private Path fromDir;

    @Option(names = "--speed", paramLabel = "X", defaultValue = "1.0",
            description = "With --from-dir: play X times faster than recorded (default: ${DEFAULT-VALUE}).")
    private double speed;

    @Mixin
    private ConfigOptions settings;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        validate();
        Duration stopAfter = duration == null ? null : parseDuration(duration);
        PrintWriter out = spec.commandLine().getOut();
        RecordingSummary recorded = fromDir == null ? null : scanRecording(out);
        if (recorded != null) {
            // The recording names the symbols; the limits and the wait for first decisions follow them.
            symbols = recorded.symbols();
        }
        if (fresh) {
            Demo.wipe(dataDir);
            out.println("kit demo: wiped " + dataDir.toAbsolutePath());
        }
        DemoPorts ports = DemoPorts.standard(port).shifted(portOffset);
        Optional<Path> prometheus = noPrometheus ? Optional.empty() : PrometheusServer.findBinary();
        Map<String, String> forced = new HashMap<>(Map.of("KAFKA_BOOTSTRAP", Demo.bootstrap(ports), "KIT_DB_URL", Demo.dbUrl(dataDir)));
        prometheus.ifPresent(binary -> forced.put("PROMETHEUS_URL", Demo.prometheusUrl(ports)));
        KitConfig config = settings.load(scenarioDefaults(), forced);
        long started = System.nanoTime();
        out.println("kit demo: starting Kafka, the gating job, the sidecar and "
                + (recorded != null ? "the recording" : "the desk (scenario " + scenario + ")") + "…");
        out.flush();
        Demo demo = new Demo(dataDir, ports, config, symbols, rate);
        prometheus.ifPresent(demo::withPrometheus);
        if (recorded != null) {
            demo.playing(recorded.recording(), speed);
        } else {
            demo.playing(Scenarios.named(scenario, config, symbols), line -> say(out, line));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            out.println("kit demo: stopping…");
            out.flush();
            demo.close();
            saySaved(out, demo);
            // Said here: on Ctrl-C the JVM exits when this hook ends, before the main thread speaks again.
            out.println("kit demo: stopped; the data is kept in " + dataDir.toAbsolutePath());
            out.flush();
            stopped.countDown();
        }, "kit-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            demo.start();
        } catch (Exception e) {
            demo.close();
            Runtime.getRuntime().removeShutdownHook(hook);
            throw e;
        }
        printWhere(out, demo, config, (System.nanoTime() - started) / 1_000_000);
        if (demo.recordingPlayer() != null) {
            demo.recordingPlayer().finished().whenComplete((report, error) -> sayEnded(out, report, error, stopAfter != null));
        } else {
            demo.scenario().announce();
        }
        if (stopAfter == null) {
            stopped.await();
        } else if (!stopped.await(stopAfter.toMillis(), TimeUnit.MILLISECONDS)) {
            out.println("kit demo: " + duration + " elapsed; stopping");
            out.flush();
            Runtime.getRuntime().removeShutdownHook(hook);
            demo.close();
            saySaved(out, demo);
            out.println("kit demo: stopped; the data is kept in " + dataDir.toAbsolutePath());
            out.flush();
        }
        return 0;
    }

    private void validate() {
        validateRecordingOptions();
        if (!SCENARIOS.contains(scenario)) {
            throw new ParameterException(spec.commandLine(),
                    "--scenario " + scenario + " is not in this build; it plays: " + String.join(", ", SCENARIOS));
        }
        if (!(rate > 0)) {
            throw new ParameterException(spec.commandLine(), "--rate must be positive, got " + rate);
        }
        if (symbols.isEmpty() || symbols.stream().anyMatch(s -> !s.matches("[A-Z0-9]+"))) {
            throw new ParameterException(spec.commandLine(), "--symbols must be upper-case names like BTCUSDT, got " + symbols);
        }
        if (port < 1 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port must be within 1..65535, got " + port);
        }
        try {
            DemoPorts.standard(port).shifted(portOffset);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--port-offset: " + e.getMessage());
        }
    }

    /** The demo's desk limits and the scenario's settings, both under the user's own. */
    private Map<String, String> scenarioDefaults() {
        Map<String, String> defaults = new HashMap<>(Demo.deskLimits(symbols.size()));
        defaults.putAll(Scenarios.settings(scenario));
        return defaults;
    }

    private static void say(PrintWriter out, String line) {
        out.println("kit demo: " + line);
        out.flush();
    }

    private void printWhere(PrintWriter out, Demo demo, KitConfig config, long readyMs) {
        String page = "http://localhost:" + demo.ports().sidecar();
        out.printf(demo.gatesLive() ? "kit demo: ready in %.1f s, gates live%n" : "kit demo: started in %.1f s; no gate decision yet%n",
                readyMs / 1000.0);
        out.println("  page and /api/kit   " + page + "/");
        out.println("  Flink web UI        " + demo.flinkUrl() + "/");
        out.println("  job metrics         http://localhost:" + demo.ports().prometheus() + "/metrics"
                + "   (sidecar: " + page + "/metrics)");
        out.println("  Prometheus          " + demo.prometheus()
                .map(p -> "http://localhost:" + demo.ports().prometheusServer() + "/alerts  (the project's rules; scrapes the job and the sidecar every "
                        + Demo.SCRAPE_INTERVAL.toSeconds() + " s; data in " + p.dataDir() + ")")
                .orElse(noPrometheus ? "not started (--no-prometheus)"
                        : "not started: no prometheus on the PATH; " + PrometheusServer.howToInstall() + ", or pass --no-prometheus"));
        out.println("  Kafka               " + demo.broker().bootstrap() + "  (log: " + demo.broker().logFile() + ")");
        out.println("  topics              " + String.join(", ", Topics.MARKET, Topics.FEATURES, Topics.ORDERS,
                Topics.CONTROL, Topics.GATE_DECISIONS, Topics.KPIS, Topics.TCA, Topics.DLQ));
        out.println(demo.recordingPlayer() == null
                ? "  desk                " + String.join(", ", demo.symbols()) + " at " + rate + " events/s"
                : "  recording           " + fromDir.toAbsolutePath().normalize() + " at speed " + speed);
        out.println(demo.restoredFrom().map(p -> "  job state           restored from " + p)
                .orElse("  job state           new: no snapshot in " + demo.snapshots().checkpointDir()));
        out.println("  reference profiles  " + demo.referenceDir());
        Scenario.RolloutStart rollout = demo.recordingPlayer() == null ? demo.scenario().scenario().rollout() : null;
        if (rollout != null) {
            // The story starts one through the sidecar: say where to watch it; the log tells each step.
            out.println("  rollout             started by the story at " + Scenario.at(rollout.atMs()) + " after arming;"
                    + " watch it: curl " + page + "/api/kit/rollout");
        }
        out.println(config.hasAdminToken()
                ? "  admin token         from your settings (KIT_ADMIN_TOKEN)"
                : "  admin token         none: paper profile on 127.0.0.1, mutating calls need no token");
        out.println(demo.restoredFrom().isPresent()
                ? "The job goes on from its saved state, armed if it was. The smoke test:"
                : demo.recordingPlayer() == null
                        ? "The job starts disarmed, so the desk does not trade yet. Run the smoke test:"
                        : "The job starts disarmed, so it halts every symbol until you arm it. Run the smoke test:");
        out.println("  curl " + page + "/api/kit/preflight");
        out.println("  curl -X POST " + page + "/api/kit/arm");
        out.println("Stop with Ctrl-C.");
        out.flush();
    }

    private void validateRecordingOptions() {
        var parsed = spec.commandLine().getParseResult();
        if (fromDir == null) {
            if (parsed.hasMatchedOption("--speed")) {
                throw new ParameterException(spec.commandLine(), "--speed applies to --from-dir only");
            }
            return;
        }
        if (parsed.hasMatchedOption("--rate")) {
            throw new ParameterException(spec.commandLine(),
                    "--rate sets the simulated desk's pace; --from-dir plays at the recording's pace (use --speed)");
        }
        if (parsed.hasMatchedOption("--symbols")) {
            throw new ParameterException(spec.commandLine(), "--from-dir plays the symbols of its recording; drop --symbols");
        }
        if (!"healthy".equals(scenario)) {
            throw new ParameterException(spec.commandLine(),
                    "--scenario " + scenario + " is a simulated story; --from-dir plays a recording instead");
        }
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new ParameterException(spec.commandLine(), "--speed must be a positive number, got " + speed);
        }
        if (fresh && fromDir.toAbsolutePath().normalize().startsWith(dataDir.toAbsolutePath().normalize())) {
            throw new ParameterException(spec.commandLine(),
                    "--from-dir " + fromDir + " lies inside the data directory, which --fresh would delete");
        }
    }

    private RecordingSummary scanRecording(PrintWriter out) throws IOException {
        RecordingSummary summary;
        try {
            summary = RecordingSummary.scan(Recording.in(fromDir));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--from-dir: " + e.getMessage());
        }
        if (summary.symbols().isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "--from-dir: no line in " + summary.recording().dir() + " has a symbol and a usable ts");
        }
        StringBuilder files = new StringBuilder();
        summary.lines().forEach((file, n) -> files.append(files.isEmpty() ? "" : ", ").append(file).append(' ')
                .append(String.format(Locale.ROOT, "%,d", n)));
        out.println("kit demo: playing " + summary.recording().dir() + ": " + files + " lines"
                + (summary.unstamped() == 0 ? "" : String.format(Locale.ROOT,
                        " (%,d without a usable ts, sent as recorded)", summary.unstamped())));
        out.printf(Locale.ROOT, "  recorded from %s to %s: %s, played in %s at speed %s; symbols %s%n",
                Instant.ofEpochMilli(summary.firstTs()), Instant.ofEpochMilli(summary.lastTs()),
                span(summary.spanMillis()), span(Math.round(summary.spanMillis() / speed)), speed,
                String.join(", ", summary.symbols()));
        out.flush();
        return summary;
    }

    private static void sayEnded(PrintWriter out, RecordingPlayer.Report report, Throwable error, boolean timed) {
        if (error instanceof CancellationException || error != null && error.getCause() instanceof CancellationException) {
            return;
        }
        if (error != null) {
            out.println("kit demo: the recording stopped playing: " + error);
        } else {
            out.printf(Locale.ROOT, "kit demo: the recording ended: %,d lines played%s in %s; %s%n", report.records(),
                    report.unchanged() == 0 ? "" : String.format(Locale.ROOT, " (%,d as recorded)", report.unchanged()),
                    span(report.endMillis() - report.startMillis()),
                    timed ? "the demo runs until --duration ends" : "the demo keeps running, stop it with Ctrl-C");
        }
        out.flush();
    }

    private static void saySaved(PrintWriter out, Demo demo) {
        out.println(demo.savedTo().map(p -> "kit demo: the job's state is saved in " + p)
                .orElse("kit demo: no savepoint; the next start restores the job's last checkpoint"));
        out.flush();
    }

    /** A length of time as {@code 1 h 2 min 3.4 s}, with only the parts it needs. */
    static String span(long millis) {
        long tenths = Math.round(millis / 100.0);
        long h = tenths / 36_000;
        long m = tenths / 600 % 60;
        String s = String.format(Locale.ROOT, "%.1f s", tenths % 600 / 10.0);
        return h > 0 ? h + " h " + m + " min " + s : m > 0 ? m + " min " + s : s;
    }

    /** A duration as {@code 90s}, {@code 10m}, {@code 2h} or ISO-8601 ({@code PT90S}). */
    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("pt")) {
                return positive(Duration.parse(t.toUpperCase(Locale.ROOT)), text);
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return positive(switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException("duration must end in s, m or h, got " + text);
            }, text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("duration must look like 90s, 10m or 2h, got " + text, e);
        }
    }

    private static Duration positive(Duration d, String text) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("duration must be positive, got " + text);
        }
        return d;
    }
}
