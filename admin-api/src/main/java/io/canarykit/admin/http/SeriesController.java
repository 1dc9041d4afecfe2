package io.canarykit.admin.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarykit.admin.json.ApiJson;
import io.canarykit.admin.view.KpiSeries;
import io.canarykit.admin.view.StateView;
import io.canarykit.config.KitConfig;
import io.javalin.http.Context;
import java.util.List;

/** A symbol's recent KPIs for the page's charts, with the limits the charts draw as lines. */
final class SeriesController {

    /** The series keeps one hour, so a longer look back would show no more. */
    static final int MAX_MINUTES = (int) (KpiSeries.KEEP_MS / 60_000);

    private final StateView view;
    private final KpiSeries series;
    private final KitConfig config;

    SeriesController(StateView view, KpiSeries series, KitConfig config) {
        this.view = view;
        this.series = series;
        this.config = config;
    }

    /** {@code GET /api/kit/series?symbol=SYM&minutes=60}: the points of the last {@code minutes}, oldest first. */
    void series(Context ctx) {
        String symbol = QueryParams.single(ctx, "symbol").map(String::strip).filter(s -> !s.isEmpty())
                .orElseThrow(() -> QueryParams.refused("symbol", "symbol is required, e.g. ?symbol=BTCUSDT"));
        int minutes = QueryParams.integer(ctx, "minutes", 1, MAX_MINUTES).orElse(MAX_MINUTES);
        List<KpiSeries.Point> points = series.after(symbol, view.now() - minutes * 60_000L).orElseThrow(() ->
                ApiError.notFound("unknown_symbol", "no KPI record or decision for symbol " + symbol));
        ObjectNode body = Freshness.of(view);
        body.put("symbol", symbol);
        body.put("minutes", minutes);
        ObjectNode limits = body.putObject("limits");
        limits.put("psi_warn", config.psiWarn());
        limits.put("psi_halt", config.psiHalt());
        limits.put("slippage_slo_bps", config.slippageSloBps(symbol));
        body.set("points", ApiJson.MAPPER.valueToTree(points));
        ctx.json(body);
    }
}
