package io.canarykit.cli.bench;

import io.canarykit.admin.Sidecar;
import io.canarykit.cli.demo.broker.KafkaBroker;
import io.canarykit.cli.bench.FigureSpec.Unit;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sidecar's {@code /api/kit/slo?symbol=S} and {@code /api/kit/gates?symbol=S} over 1,000 symbols of
 * the job's own output, read from a real broker: latency at a fixed 2,000 requests/s from an open-loop
 * client, then requests/s at the maximum with {@code wrk}, against a bare static file of the same server.
 */
public final class SidecarBench implements BenchSection {

    static final String NAME = "sidecar";
    /** The fixed rate of the open-loop load, as the issue gives it. */
    static final double RATE = 2_000;
    /**
     * The server's cheapest route: through the same filters as the others, with no work of its own. (A
     * static file such as {@code /style.css} is no floor: Javalin's static handler cost more than a JSON
     * answer here.)
     */
    static final String BARE_PATH = "/ping";
    private static final int WRK_THREADS = 2;
    private static final int WRK_CONNECTIONS = 32;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<FigureSpec> figures() {
        return List.of(
                FigureSpec.of("sidecar_p99_ms", "sidecar p99 at 2,000 req/s (slo and gates, 1,000 symbols)",
                        Unit.MILLISECONDS, Goal.atMost(5)),
                FigureSpec.context("sidecar_p50_ms", "sidecar p50 at 2,000 req/s", Unit.MILLISECONDS),
                FigureSpec.context("sidecar_max_ms", "sidecar max at 2,000 req/s", Unit.MILLISECONDS),
                FigureSpec.context("sidecar_bare_p50_ms", "bare route " + BARE_PATH + " p50 at 2,000 req/s, the same client",
                        Unit.MILLISECONDS),
                FigureSpec.context("sidecar_bare_p99_ms", "bare route " + BARE_PATH + " p99 at 2,000 req/s, the same client",
                        Unit.MILLISECONDS),
                FigureSpec.of("sidecar_ratio", "sidecar req/s at the maximum over the bare route's, the lower of slo and gates",
                        Unit.RATIO, Goal.atLeast(0.7)),
                FigureSpec.context("sidecar_bare_rps", "bare route " + BARE_PATH + " at the maximum (wrk)",
                        Unit.REQUESTS_PER_SECOND),
                FigureSpec.context("sidecar_slo_rps", "/api/kit/slo?symbol=S at the maximum (wrk)", Unit.REQUESTS_PER_SECOND),
                FigureSpec.context("sidecar_gates_rps", "/api/kit/gates?symbol=S at the maximum (wrk)", Unit.REQUESTS_PER_SECOND),
                FigureSpec.context("sidecar_slo_ratio", "slo req/s over the bare route's", Unit.RATIO),
                FigureSpec.context("sidecar_gates_ratio", "gates req/s over the bare route's", Unit.RATIO));
    }

    @Override
    public void run(BenchContext ctx, Measurements out) throws Exception {
        DeskOutput desk = DeskOutput.replay(ctx, NAME, DeskOutput.SYMBOLS);
        KafkaBroker broker = DeskOutput.broker(ctx, NAME);
        desk.publish(broker.bootstrap());
        Sidecar sidecar = SidecarServer.start(ctx,
                SidecarServer.config(ctx, broker.bootstrap(), ctx.scratch().resolve(NAME + ".db")));
        String base = SidecarServer.base(sidecar);
        List<String> symbols = new ArrayList<>(desk.decidedSymbols());
        HttpClient http = BenchHttp.client();
        Rehydration.awaitServed(base, symbols, Duration.ofSeconds(60));
        ctx.progress(NAME, "the sidecar serves %,d symbols at %s", symbols.size(), base);
        fixedRate(ctx, out, http, base, symbols);
        atTheMaximum(ctx, out, base, symbols.get(0));
    }

    private void fixedRate(BenchContext ctx, Measurements out, HttpClient http, String base, List<String> symbols)
            throws InterruptedException {
        OpenLoopClient client = new OpenLoopClient(http);
        double warmUp = ctx.quick() ? 2 : 5;
        double seconds = ctx.quick() ? 3 : 30;
        int segments = ctx.quick() ? 3 : 6;
        List<URI> routes = rotation(base, symbols);
        List<URI> bare = List.of(URI.create(base + BARE_PATH));
        ctx.progress(NAME, "open-loop load at %,.0f req/s: %.0f s warm-up on the routes and on %s, then %.0f s measured"
                + " on each, in %d turns", RATE, warmUp, BARE_PATH, seconds, segments);
        // A fresh JVM compiles the client's and the server's paths under the first seconds of load, and
        // a queue that builds meanwhile outlasts a short warm-up: whichever load came first paid for it.
        client.run(RATE, routes, new OpenLoopSchedule(0, RATE).sendsWithin(warmUp));
        client.run(RATE, bare, new OpenLoopSchedule(0, RATE).sendsWithin(warmUp / 2));
        // The same client at the same rate on a route with no work says what the client, the HTTP stack
        // and the machine take of the routes' figures; the two take turns, so a slow spell falls on both.
        OpenLoopClient.Result bareResult = null;
        OpenLoopClient.Result routesResult = null;
        long perTurn = new OpenLoopSchedule(0, RATE).sendsWithin(seconds / segments);
        for (int turn = 0; turn < segments; turn++) {
            bareResult = OpenLoopClient.Result.merge(bareResult, client.run(RATE, bare, perTurn));
            routesResult = OpenLoopClient.Result.merge(routesResult, client.run(RATE, routes, perTurn));
        }
        summarize(ctx, out, bareResult, BARE_PATH, List.of("sidecar_bare_p50_ms", "sidecar_bare_p99_ms"))
                .ifPresent(summary -> {
                    out.put("sidecar_bare_p50_ms", summary.p50Ms());
                    out.put("sidecar_bare_p99_ms", summary.p99Ms());
                });
        summarize(ctx, out, routesResult, "slo and gates", List.of("sidecar_p50_ms", "sidecar_p99_ms", "sidecar_max_ms"))
                .ifPresent(summary -> {
                    out.put("sidecar_p50_ms", summary.p50Ms());
                    out.put("sidecar_p99_ms", summary.p99Ms());
                    out.put("sidecar_max_ms", summary.maxMs());
                });
    }

    /** The load's latencies; empty, with {@code figures} missing, if any request failed. */
    private static Optional<LatencySummary> summarize(BenchContext ctx, Measurements out, OpenLoopClient.Result result,
            String what, List<String> figures) {
        if (result.failed() > 0) {
            String reason = result.failed() + " of " + result.sent() + " requests failed or were not answered 200, first: "
                    + result.firstFailure();
            ctx.progress(NAME, "%s: %s", what, reason);
            figures.forEach(k -> out.missing(k, reason));
            return Optional.empty();
        }
        LatencySummary summary = LatencySummary.of(result.micros());
        ctx.progress(NAME, "%s: %,d requests: p50 %.2f ms, p99 %.2f ms, max %.2f ms", what, summary.count(),
                summary.p50Ms(), summary.p99Ms(), summary.maxMs());
        return Optional.of(summary);
    }

    /** Alternately slo and gates, the symbol moving on every second request, over every symbol. */
    static List<URI> rotation(String base, List<String> symbols) {
        List<URI> uris = new ArrayList<>(symbols.size() * 2);
        for (String s : symbols) {
            uris.add(URI.create(base + "/api/kit/slo?symbol=" + s));
            uris.add(URI.create(base + "/api/kit/gates?symbol=" + s));
        }
        return uris;
    }

    private void atTheMaximum(BenchContext ctx, Measurements out, String base, String symbol) throws Exception {
        StringBuilder why = new StringBuilder();
        Optional<Wrk> wrk = Wrk.locate(ctx, NAME, why);
        if (wrk.isEmpty()) {
            List.of("sidecar_ratio", "sidecar_bare_rps", "sidecar_slo_rps", "sidecar_gates_rps", "sidecar_slo_ratio",
                    "sidecar_gates_ratio").forEach(k -> out.missing(k, why.toString()));
            return;
        }
        int seconds = ctx.quick() ? 2 : 10;
        double bare = wrk(ctx, wrk.get(), base + BARE_PATH, seconds);
        double slo = wrk(ctx, wrk.get(), base + "/api/kit/slo?symbol=" + symbol, seconds);
        double gates = wrk(ctx, wrk.get(), base + "/api/kit/gates?symbol=" + symbol, seconds);
        out.put("sidecar_bare_rps", bare);
        out.put("sidecar_slo_rps", slo);
        out.put("sidecar_gates_rps", gates);
        out.put("sidecar_slo_ratio", BenchMath.ratio(slo, bare));
        out.put("sidecar_gates_ratio", BenchMath.ratio(gates, bare));
        out.put("sidecar_ratio", lowerRatio(slo, gates, bare));
    }

    /** The lower of the two routes' ratios to the bare route: the goal holds only if both hold it. */
    static double lowerRatio(double slo, double gates, double bare) {
        return Math.min(BenchMath.ratio(slo, bare), BenchMath.ratio(gates, bare));
    }

    private static double wrk(BenchContext ctx, Wrk wrk, String url, int seconds) throws Exception {
        double rps = wrk.requestsPerSecond(url, WRK_THREADS, WRK_CONNECTIONS, seconds);
        ctx.progress(NAME, "wrk -t%d -c%d -d%ds %s: %,.0f req/s", WRK_THREADS, WRK_CONNECTIONS, seconds, url, rps);
        return rps;
    }
}
