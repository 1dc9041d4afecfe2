package io.canarykit.cli.bench;

import io.canarykit.admin.Sidecar;
import io.canarykit.cli.bench.FigureSpec.Unit;
import io.canarykit.cli.demo.broker.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How long a restarted sidecar takes to serve every one of 1,000 symbols, its decisions and KPI records
 * read from a real broker's {@code kit.gate-decisions} and {@code kit.kpis}: from assembling it to the
 * last symbol answered over HTTP, the median of a few restarts on the same ledger and topics.
 */
public final class RehydrateBench implements BenchSection {

    static final String NAME = "rehydrate";

    @Override
    public String name() {
        return NAME;
    }

    /** Restarts timed: the figure is their median, as one restart's wall time swings by half on this machine. */
    static final int RESTARTS = 5;
    static final int RESTARTS_QUICK = 3;
    /** The sidecar's ingest thread, whose CPU time is the work of rehydrating, which waiting does not inflate. */
    static final String INGEST_THREAD = "kit-sidecar-ingest";

    @Override
    public List<FigureSpec> figures() {
        return List.of(
                FigureSpec.of("rehydrate_ms", "restarted sidecar serving all 1,000 symbols from the topics (median of restarts)",
                        Unit.MILLISECONDS, Goal.atMost(1_000)),
                FigureSpec.context("rehydrate_ingest_cpu_ms",
                        "CPU time of the restarted sidecar's ingest until it served all 1,000 (median)", Unit.MILLISECONDS));
    }

    @Override
    public void run(BenchContext ctx, Measurements out) throws Exception {
        DeskOutput desk = DeskOutput.replay(ctx, NAME, DeskOutput.SYMBOLS);
        if (desk.decidedSymbols().size() < DeskOutput.SYMBOLS) {
            String why = "the replay decided only " + desk.decidedSymbols().size() + " of " + DeskOutput.SYMBOLS + " symbols";
            out.missing("rehydrate_ms", why);
            out.missing("rehydrate_ingest_cpu_ms", why);
            return;
        }
        KafkaBroker broker = DeskOutput.broker(ctx, NAME);
        desk.publish(broker.bootstrap());
        List<String> symbols = new ArrayList<>(desk.decidedSymbols());
        Path database = ctx.scratch().resolve(NAME + ".db");
        // The first start reads everything into a new ledger; the restarts, timed, are what an operator sees.
        try (Sidecar first = SidecarServer.start(ctx, SidecarServer.config(ctx, broker.bootstrap(), database))) {
            Rehydration.awaitServed(SidecarServer.base(first), symbols, Duration.ofSeconds(60));
        }
        ctx.progress(NAME, "the first sidecar served %,d symbols; restarting it", symbols.size());
        List<Double> millis = new ArrayList<>();
        List<Double> cpuMillis = new ArrayList<>();
        int restarts = ctx.quick() ? RESTARTS_QUICK : RESTARTS;
        for (int r = 1; r <= restarts; r++) {
            Map<Long, Long> ingestBefore = ThreadCpu.snapshot(INGEST_THREAD::equals);
            long start = System.nanoTime();
            try (Sidecar restarted = SidecarServer.start(ctx, SidecarServer.config(ctx, broker.bootstrap(), database))) {
                Rehydration.awaitServed(SidecarServer.base(restarted), symbols, Duration.ofSeconds(60));
                double ms = (System.nanoTime() - start) / 1e6;
                // This restart's ingest thread, not the sidecar section's, when both sections run.
                double cpuMs = ThreadCpu.usedByThreadsStartedBetween(ingestBefore,
                        ThreadCpu.snapshot(INGEST_THREAD::equals)) / 1e6;
                millis.add(ms);
                cpuMillis.add(cpuMs);
                ctx.progress(NAME, "restart %d of %d served all %,d symbols %.0f ms after its start (it reports %s ms"
                        + " rehydrating; its ingest used %.0f ms of CPU)", r, restarts, symbols.size(), ms,
                        restarted.view().rehydrateMillis().map(String::valueOf).orElse("no"), cpuMs);
            }
        }
        out.put("rehydrate_ms", BenchMath.median(millis));
        out.put("rehydrate_ingest_cpu_ms", BenchMath.median(cpuMillis));
    }
}
