package io.canarykit.cli;

import io.canarykit.cli.bench.BenchContext;
import io.canarykit.cli.bench.BenchReport;
import io.canarykit.cli.bench.BenchRun;
import io.canarykit.cli.bench.BenchSections;
import io.canarykit.cli.bench.Measurements;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.flink.runtime.util.EnvironmentInformation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code kit bench}: every figure that matters to a desk, each against its goal, measured side by side in one run. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        header = "Measure throughput, decision latency, the kill switch and the sidecar against their goals.",
        description = {
            "Measures, in one run on this machine: the gating graph's throughput against a passthrough of the "
                    + "same input (RocksDB and heap state); the time from an input to the changed decision through "
                    + "a real Kafka broker under load; the kill switch over 100 symbols; the sidecar's answers at a "
                    + "fixed rate and at its maximum; its rehydration from the topics; the daily report of "
                    + "a million fills; and how busy the account operator is at 1,000 symbols. Prints one table "
                    + "(and with --json one JSON object on the last line). "
                    + "Progress goes to stderr. Figures only: the machine's load moves them, so compare ratios "
                    + "measured in the same run."
        })
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "Fewer rounds, probes and trials: a few minutes in all.")
    private boolean quick;

    @Option(names = "--json", description = "Also print every figure as one JSON object on the last line.")
    private boolean json;

    @Option(names = "--only", split = ",", paramLabel = "SECTION",
            description = "Run only these sections (comma-separated); the rest are null.")
    private List<String> only = List.of();

    @Option(names = "--parallelism", defaultValue = "2", description = "The job's parallelism (default ${DEFAULT-VALUE}).")
    private int parallelism;

    @Option(names = "--symbols",
            description = "Symbols in the generated input (default 100; 1,000 for account-load).")
    private Integer symbols;

    @Option(names = "--rate", defaultValue = "20000",
            description = "Input events per second of the latency and account-load runs (default ${DEFAULT-VALUE}).")
    private double rate;

    @Option(names = "--probes", paramLabel = "N",
            description = "Measured probes of the latency section, one every 75 ms (default 250; 40 with --quick): "
                    + "more of them probe longer, past the job's periodic work.")
    private Integer probes;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every generated input (default ${DEFAULT-VALUE}).")
    private long seed;

    @Mixin
    private ConfigOptions config;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        BenchRun run = new BenchRun(BenchSections.all());
        Set<String> chosen = new LinkedHashSet<>(only);
        for (String name : chosen) {
            if (!run.names().contains(name)) {
                throw new ParameterException(spec.commandLine(),
                        "--only " + name + " is not a section; choose from " + String.join(", ", run.names()));
            }
        }
        if (parallelism < 1 || (symbols != null && symbols < 1) || !(rate > 0)) {
            throw new ParameterException(spec.commandLine(), "--parallelism, --symbols and --rate must be positive");
        }
        if (probes != null && probes <= 0) {
            throw new ParameterException(spec.commandLine(), "--probes must be positive, got " + probes);
        }
        Path scratch = Files.createTempDirectory("kit-bench");
        BenchContext ctx = new BenchContext(config.load(), quick, parallelism, symbols, rate, probes, seed, scratch, System.err);
        // Ctrl-C ends the run, and whatever it started goes with it.
        Thread stopper = new Thread(() -> {
            ctx.close();
            deleteQuietly(scratch);
        }, "bench-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        Measurements measured;
        try {
            measured = run.run(ctx, chosen);
        } finally {
            ctx.close();
            deleteQuietly(scratch);
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // The hook is already running.
            }
        }
        BenchReport report = new BenchReport(BenchReport.Machine.current(EnvironmentInformation.getVersion()),
                run.figures(), measured);
        report.missingReasons().forEach(line -> System.err.println("bench: no figure for " + line));
        PrintWriter out = spec.commandLine().getOut();
        out.print(report.table());
        if (json) {
            out.println(report.json());
        }
        out.flush();
        return 0;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("bench: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
