package io.canarykit.cli.bench;

import io.canarykit.admin.Sidecar;
import io.canarykit.admin.ledger.Ledger;
import io.canarykit.cli.bench.FigureSpec.Unit;
import io.canarykit.cli.demo.broker.KafkaBroker;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The time to download {@code /api/kit/report/{day}} from the sidecar for a day of 1,000,000 fills in
 * its SQLite ledger, and the sidecar JVM's peak heap while it builds it.
 */
public final class ReportBench implements BenchSection {

    static final String NAME = "report";
    /** The fills of the day, as the issue gives them. */
    static final int FILLS = 1_000_000;
    /**
     * The fills of a quick run: a million take minutes to write and to report on this machine, so a
     * quick run reports {@code report_ms} for fewer and leaves {@code report_1m_fills_ms} out.
     */
    static final int QUICK_FILLS = 100_000;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<FigureSpec> figures() {
        return List.of(
                FigureSpec.of("report_1m_fills_ms", "daily report of 1,000,000 fills, request to last byte",
                        Unit.MILLISECONDS, Goal.atMost(3_000)),
                FigureSpec.context("report_peak_heap_mb",
                        "peak heap used while building it (bench JVM, sidecar in-process, sampled every 2 ms, after a GC)",
                        Unit.COUNT),
                FigureSpec.context("report_heap_after_gc_mb",
                        "highest heap in use just after a collection while building it (bench JVM)", Unit.COUNT),
                FigureSpec.context("report_fills", "fills in the reported day", Unit.COUNT),
                FigureSpec.context("report_ms", "daily report of report_fills fills", Unit.MILLISECONDS));
    }

    @Override
    public void run(BenchContext ctx, Measurements out) throws Exception {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        Path database = ctx.scratch().resolve(NAME + ".db");
        int fills = ctx.quick() ? QUICK_FILLS : FILLS;
        ctx.progress(NAME, "writing %,d fills of %s into a new ledger", fills, day);
        long writeStart = System.nanoTime();
        try (Ledger ledger = Ledger.open("jdbc:sqlite:" + database)) {
            ReportLedger.fill(ledger, day, fills, ctx.seed());
        }
        ctx.progress(NAME, "ledger written in %.1f s", (System.nanoTime() - writeStart) / 1e9);
        KafkaBroker broker = DeskOutput.broker(ctx, NAME);
        Sidecar sidecar = SidecarServer.start(ctx, SidecarServer.config(ctx, broker.bootstrap(), database));
        URI uri = URI.create(SidecarServer.base(sidecar) + "/api/kit/report/" + day);
        HttpClient http = BenchHttp.client();
        System.gc();
        double before = HeapPeak.usedMb();
        long bytes;
        long start = System.nanoTime();
        double ms;
        double peak;
        OptionalDouble afterGc;
        try (HeapPeak heap = new HeapPeak()) {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                bytes = body.transferTo(OutputStream.nullOutputStream());
            }
            ms = (System.nanoTime() - start) / 1e6;
            peak = heap.peakMb();
            afterGc = heap.afterGcPeakMb();
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + uri + " answered " + response.statusCode());
            }
        }
        ctx.progress(NAME, "%s: %,d bytes in %.0f ms; heap %.0f MB before, %.0f MB at the peak, %s after a collection",
                uri, bytes, ms, before, peak, afterGc.isPresent() ? String.format("%.0f MB", afterGc.getAsDouble()) : "none");
        out.put("report_fills", fills);
        out.put("report_ms", ms);
        if (fills == FILLS) {
            out.put("report_1m_fills_ms", ms);
        } else {
            out.missing("report_1m_fills_ms", "--quick reports a day of " + fills
                    + " fills (report_ms); a run without --quick reports 1,000,000");
        }
        out.put("report_peak_heap_mb", peak);
        if (afterGc.isPresent()) {
            out.put("report_heap_after_gc_mb", afterGc.getAsDouble());
        } else {
            out.missing("report_heap_after_gc_mb", "no collection ran while the report was built");
        }
    }
}
