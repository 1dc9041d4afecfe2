package io.canarykit.cli;

import io.canarykit.cli.demo.Demo;
import io.canarykit.cli.demo.DemoPorts;
import io.canarykit.cli.demo.Scenarios;
import io.canarykit.config.KitConfig;
import io.canarykit.schema.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
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
            "Starts an Apache Kafka broker (KRaft, a child process on 127.0.0.1, data in ./data/kafka), the",
            "gating job on a local Flink mini-cluster (RocksDB, checkpoints in ./data/checkpoints, web UI on",
            ":8081, Prometheus on :9249), the admin sidecar on :8000, and a desk simulator that sends quotes",
            "and features and trades only when its gates allow. Ctrl-C stops everything; ./data is kept.",
            "",
            "Unless set in the environment or with --set, the demo uses desk limits that let it trade all day:",
            "MAX_TRADES_PER_DAY=20000, MAX_OPEN_POSITIONS = the number of symbols, MAX_DAILY_DRAWDOWN_PCT=0.05."
        })
public final class DemoCommand implements Callable<Integer> {

    /** The scenarios this build plays. */
    static final List<String> SCENARIOS = Scenarios.NAMES;

    @Option(names = "--fresh", description = "Delete the data directory first: a new broker, job state and database.")
    private boolean fresh;

    @Option(names = "--duration", paramLabel = "TIME",
            description = "Stop after this long, e.g. 90s, 10m or 2h (default: run until Ctrl-C).")
    private String duration;

    @Option(names = "--port", description = "Port of the sidecar and its page (default: ${DEFAULT-VALUE}).", defaultValue = "8000")
    private int port;

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
                "  canary-bad     bad canary fills: challenger_slo",
                "Faults hit the first of --symbols. The plan is printed at start, and each step when it happens;",
                "docs/demo.md tells the stories."},
            defaultValue = "healthy")
    private String scenario;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the demo keeps its data (default: ${DEFAULT-VALUE}).",
            defaultValue = "data")
    private Path dataDir;

    @Mixin
    private ConfigOptions settings;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        validate();
        Duration stopAfter = duration == null ? null : parseDuration(duration);
        PrintWriter out = spec.commandLine().getOut();
        if (fresh) {
            Demo.wipe(dataDir);
            out.println("kit demo: wiped " + dataDir.toAbsolutePath());
        }
        DemoPorts ports = DemoPorts.standard(port);
        KitConfig config = settings.load(
                scenarioDefaults(),
                Map.of("KAFKA_BOOTSTRAP", Demo.bootstrap(ports), "KIT_DB_URL", Demo.dbUrl(dataDir)));
        long started = System.nanoTime();
        out.println("kit demo: starting Kafka, the gating job, the sidecar and the desk (scenario " + scenario + ")…");
        out.flush();
        Demo demo = new Demo(dataDir, ports, config, symbols, rate)
                .playing(Scenarios.named(scenario, config, symbols), line -> say(out, line));
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            out.println("kit demo: stopping…");
            out.flush();
            demo.close();
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
        demo.scenario().announce();
        if (stopAfter == null) {
            stopped.await();
        } else if (!stopped.await(stopAfter.toMillis(), TimeUnit.MILLISECONDS)) {
            out.println("kit demo: " + duration + " elapsed; stopping");
            out.flush();
            Runtime.getRuntime().removeShutdownHook(hook);
            demo.close();
            out.println("kit demo: stopped; the data is kept in " + dataDir.toAbsolutePath());
            out.flush();
        }
        return 0;
    }

    private void validate() {
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
        out.println("  Kafka               " + demo.broker().bootstrap() + "  (log: " + demo.broker().logFile() + ")");
        out.println("  topics              " + String.join(", ", Topics.MARKET, Topics.FEATURES, Topics.ORDERS,
                Topics.CONTROL, Topics.GATE_DECISIONS, Topics.KPIS, Topics.TCA, Topics.DLQ));
        out.println("  desk                " + String.join(", ", demo.symbols()) + " at " + rate + " events/s");
        out.println("  reference profiles  " + demo.referenceDir());
        out.println(config.hasAdminToken()
                ? "  admin token         from your settings (KIT_ADMIN_TOKEN)"
                : "  admin token         none: paper profile on 127.0.0.1, mutating calls need no token");
        out.println("The job starts disarmed, so the desk does not trade yet. Run the smoke test:");
        out.println("  curl " + page + "/api/kit/preflight");
        out.println("  curl -X POST " + page + "/api/kit/arm");
        out.println("Stop with Ctrl-C.");
        out.flush();
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
