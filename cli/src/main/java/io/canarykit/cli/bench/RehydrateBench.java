package io.canarykit.cli.bench;

import io.canarykit.admin.Sidecar;
import io.canarykit.cli.bench.FigureSpec.Unit;
import io.canarykit.cli.demo.broker.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How long a restarted sidecar takes to serve every one of 1,000 symbols, its decisions and KPI records
 * read from a real broker's {@code kit.gate-decisions} and {@code kit.kpis}: from assembling it to the
 * last symbol answered over HTTP.
 */
public final class RehydrateBench implements BenchSection {

    static final String NAME = "rehydrate";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<FigureSpec> figures() {
        return List.of(FigureSpec.of("rehydrate_ms", "restarted sidecar serving all 1,000 symbols from the topics",
                Unit.MILLISECONDS, Goal.atMost(1_000)));
    }

    @Override
    public void run(BenchContext ctx, Measurements out) throws Exception {
        DeskOutput desk = DeskOutput.replay(ctx, NAME, DeskOutput.SYMBOLS);
        if (desk.decidedSymbols().size() < DeskOutput.SYMBOLS) {
            out.missing("rehydrate_ms", "the replay decided only " + desk.decidedSymbols().size() + " of "
                    + DeskOutput.SYMBOLS + " symbols");
            return;
        }
        KafkaBroker broker = DeskOutput.broker(ctx, NAME);
        desk.publish(broker.bootstrap());
        List<String> symbols = new ArrayList<>(desk.decidedSymbols());
        Path database = ctx.scratch().resolve(NAME + ".db");
        // The first start reads everything into a new ledger; the restart, timed, is what an operator sees.
        try (Sidecar first = SidecarServer.start(ctx, SidecarServer.config(ctx, broker.bootstrap(), database))) {
            Rehydration.awaitServed(SidecarServer.base(first), symbols, Duration.ofSeconds(60));
        }
        ctx.progress(NAME, "the first sidecar served %,d symbols; restarting it", symbols.size());
        long start = System.nanoTime();
        Sidecar restarted = SidecarServer.start(ctx, SidecarServer.config(ctx, broker.bootstrap(), database));
        Rehydration.awaitServed(SidecarServer.base(restarted), symbols, Duration.ofSeconds(60));
        double ms = (System.nanoTime() - start) / 1e6;
        ctx.progress(NAME, "the restarted sidecar served all %,d symbols %.0f ms after its start (it reports %s ms rehydrating)",
                symbols.size(), ms, restarted.view().rehydrateMillis().map(String::valueOf).orElse("no"));
        out.put("rehydrate_ms", ms);
    }
}
