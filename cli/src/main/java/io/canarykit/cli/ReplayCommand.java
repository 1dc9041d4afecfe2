package io.canarykit.cli;

import io.canarykit.config.KitConfig;
import io.canarykit.jobs.ReferenceProfiles;
import io.canarykit.jobs.WorkflowSettings;
import io.canarykit.jobs.replay.DailyPnl;
import io.canarykit.jobs.replay.Replay;
import io.canarykit.jobs.replay.ReplayInputs;
import io.canarykit.jobs.replay.ReplayResult;
import io.canarykit.operators.flink.GateSettings;
import io.canarykit.operators.flink.JobClock;
import io.canarykit.schema.ReferenceProfile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kit replay}: the gating job over recorded JSONL files, on a local Flink mini-cluster. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        header = "Run the gating job over recorded JSONL files and write its outputs.",
        description = {
            "Runs the same job graph as the live job on a local Flink mini-cluster, with bounded file "
                    + "sources in event time, and writes gate-decisions.jsonl, kpis.jsonl, tca.jsonl and dlq.jsonl "
                    + "to --out, with daily-pnl.csv, the account's P&L per UTC day (for kit import-pnl). The output "
                    + "is the same for the same input. Replay starts armed with preflight passed, unless the "
                    + "--control file says otherwise. The --reference profiles hold from the start; "
                    + "--reference-updates replaces a model's profile from each record's ts on."
        })
public final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--market", required = true, paramLabel = "FILE", description = "Quotes, one JSON record a line.")
    private Path market;

    @Option(names = "--features", required = true, paramLabel = "FILE", description = "Feature vectors, one a line.")
    private Path features;

    @Option(names = "--orders", required = true, paramLabel = "FILE", description = "Order events, one a line.")
    private Path orders;

    @Option(names = "--reference", required = true, paramLabel = "PATH",
            description = "Reference profiles: a JSON file, a JSONL file or a directory; repeatable.")
    private List<Path> references;

    @Option(names = "--control", paramLabel = "FILE", description = "Operator commands, one a line.")
    private Path control;

    @Option(names = "--reference-updates", paramLabel = "FILE",
            description = "Reference profiles published during the replay, as kit.reference carries them: one a "
                    + "line, each with its ts, holding from that ts on. A bad one goes to dlq.jsonl.")
    private Path referenceUpdates;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the output files go.")
    private Path out;

    @Option(names = "--champion", paramLabel = "MODEL", description = "The champion (default: the first profile).")
    private String champion;

    @Option(names = "--challenger", paramLabel = "MODEL", description = "The challenger (default: the second profile).")
    private String challenger;

    @Option(names = "--parallelism", defaultValue = "2", description = "Parallelism of the mini-cluster (default ${DEFAULT-VALUE}).")
    private int parallelism;

    @Option(names = "--state-backend", defaultValue = "hashmap",
            description = "hashmap (fastest for files) or rocksdb (as the live job); default ${DEFAULT-VALUE}.")
    private String stateBackend;

    @Mixin
    private ConfigOptions config;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        KitConfig kit = config.load();
        List<ReferenceProfile> profiles = ReferenceProfiles.read(references);
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException("no reference profile found in " + references);
        }
        GateSettings gate = GateSettings.of(kit, profiles, ReferenceProfiles.championOr(champion, profiles),
                ReferenceProfiles.challengerOr(challenger, profiles), JobClock.EVENT, true,
                GateSettings.DEFAULT_IDLE_SYMBOL_TTL_MS);
        Replay replay = new Replay(new ReplayInputs(market, features, orders, control, referenceUpdates),
                WorkflowSettings.replay(gate), parallelism, stateBackend, System.err);
        ReplayResult result = replay.run();
        Replay.write(result, out);
        printSummary(result);
        return 0;
    }

    private void printSummary(ReplayResult r) {
        var err = spec.commandLine().getErr();
        err.printf("replay done in %.1f s: %,d events in, %,.0f events/s%n", r.elapsedMs() / 1000.0, r.eventsIn(),
                r.eventsPerSecond());
        err.printf("  %s  %,d%n", Replay.DECISIONS, r.decisions().size());
        err.printf("  %s  %,d%n", Replay.KPIS, r.kpis().size());
        err.printf("  %s  %,d%n", Replay.TCA, r.tca().size());
        err.printf("  %s  %,d%n", Replay.DLQ, r.dlq().size());
        err.printf("  %s  %,d days%n", DailyPnl.FILE, DailyPnl.of(r.kpis()).size());
        for (Map.Entry<String, Long> e : r.dlqByReason().entrySet()) {
            err.printf("    %-16s %,d%n", e.getKey(), e.getValue());
        }
        err.printf("written to %s%n", out.toAbsolutePath());
        err.flush();
    }
}
