package io.canarykit.cli;

import io.canarykit.config.KitConfig;
import io.canarykit.jobs.WorkflowSettings;
import io.canarykit.jobs.replay.Replay;
import io.canarykit.jobs.replay.ReplayInputs;
import io.canarykit.jobs.replay.ReplayResult;
import io.canarykit.jobs.replay.SyntheticDesk;
import io.canarykit.operators.flink.GateSettings;
import io.canarykit.operators.flink.JobClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kit bench}: replay throughput on a generated session, each state backend side by side. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        header = "Measure replay throughput on a generated trading session.",
        description = {
            "Writes a deterministic session (quotes from two feeds, features and orders for three symbols) "
                    + "and replays it on a local mini-cluster once per state backend, in the same run, printing "
                    + "events/s and the ratio between them. Figures only: the machine's load moves them."
        })
public final class BenchCommand implements Callable<Integer> {

    private static final long START = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT");

    @Option(names = "--events", defaultValue = "150000", description = "About how many input events (default ${DEFAULT-VALUE}).")
    private long events;

    @Option(names = "--parallelism", defaultValue = "2", description = "Mini-cluster parallelism (default ${DEFAULT-VALUE}).")
    private int parallelism;

    @Option(names = "--backends", split = ",", defaultValue = "rocksdb,hashmap",
            description = "State backends to compare (default ${DEFAULT-VALUE}).")
    private List<String> backends;

    @Mixin
    private ConfigOptions config;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        KitConfig kit = config.load();
        Path dir = Files.createTempDirectory("kit-bench");
        // Each 200 ms tick sends two quotes and a feature vector per symbol, and an order one tick in ten.
        long ticks = Math.max(1, events / (SYMBOLS.size() * 3L + 1));
        long written = new SyntheticDesk(SYMBOLS, START, 200, ticks, 0.10, 42).writeTo(dir);
        out.printf("session: %,d events over %d symbols, %.0f minutes of event time%n",
                written, SYMBOLS.size(), ticks * 200 / 60_000.0);
        GateSettings gate = GateSettings.of(kit,
                List.of(SyntheticDesk.profile(SyntheticDesk.CHAMPION), SyntheticDesk.profile(SyntheticDesk.CHALLENGER)),
                SyntheticDesk.CHAMPION, SyntheticDesk.CHALLENGER, JobClock.REPLAY, true, 3_600_000L);
        ReplayInputs inputs = new ReplayInputs(dir.resolve("market.jsonl"), dir.resolve("features.jsonl"),
                dir.resolve("orders.jsonl"), null);
        Double first = null;
        for (String backend : backends) {
            ReplayResult r = new Replay(inputs, WorkflowSettings.replay(gate), parallelism, backend, null).run();
            double rate = r.eventsPerSecond();
            out.printf("%-8s %,8d events in %6.1f s = %,9.0f events/s; out: %,d decisions, %,d KPIs, %,d TCA%s%n",
                    backend, r.eventsIn(), r.elapsedMs() / 1000.0, rate, r.decisions().size(), r.kpis().size(),
                    r.tca().size(), first == null ? "" : String.format(" (%.2fx the first)", rate / first));
            if (first == null) {
                first = rate;
            }
        }
        return 0;
    }
}
