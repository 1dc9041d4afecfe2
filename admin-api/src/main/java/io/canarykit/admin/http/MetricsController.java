package io.canarykit.admin.http;

import io.canarykit.admin.ingest.TopicIngest;
import io.canarykit.admin.metrics.MetricsText;
import io.canarykit.admin.report.DailyReport;
import io.canarykit.admin.view.StateView;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.Topics;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The sidecar's own Prometheus metrics: the view's gates and KPIs by symbol, and the sidecar's health. */
final class MetricsController {

    /** A KPI drawn as a gauge per symbol: its name, its help and where the record keeps it. */
    private record KpiGauge(String name, String help, Function<KpiRecord, Number> figure) {}

    private static final List<KpiGauge> KPI_GAUGES = List.of(
            new KpiGauge("features_missing_ratio", "Share of expected feature values missing in the window.",
                    KpiRecord::featuresMissingRatio),
            new KpiGauge("feed_dislocation_bps", "Distance between the primary and reference mids, in bps.",
                    KpiRecord::feedDislocationBps),
            new KpiGauge("data_stale_seconds", "Age of the latest primary quote at the job clock.", KpiRecord::dataStaleSeconds),
            new KpiGauge("psi", "Population stability index of the model in use (max over features).", KpiRecord::psi),
            new KpiGauge("error_rate", "(rejected + error) / placed in the SLO window.", KpiRecord::errorRate),
            new KpiGauge("p95_place_ms", "Nearest-rank p95 of order place latency in the SLO window.", KpiRecord::p95PlaceMs),
            new KpiGauge("slippage_bps", "Notional-weighted slippage in the SLO window (positive = cost).",
                    KpiRecord::slippageBps),
            new KpiGauge("orphans", "Orders placed and unanswered by the venue for more than the orphan timeout, now.",
                    KpiRecord::orphans));

    private final StateView view;
    private final TopicIngest ingest;
    private final DailyReport reports;

    MetricsController(StateView view, TopicIngest ingest, DailyReport reports) {
        this.view = view;
        this.ingest = ingest;
        this.reports = reports;
    }

    void metrics(Context ctx) {
        MetricsText m = new MetricsText();
        List<GateDecision> decisions = view.decisions().stream().map(StateView.DecisionEntry::decision).toList();
        gate(m, decisions, "gate_budget_active", "1 when the budget gate halts the symbol.", d -> d.gates().budget());
        gate(m, decisions, "gate_slo_active", "1 when an SLO gate halts the symbol.", d -> d.gates().slo());
        gate(m, decisions, "gate_psi_active", "1 when the psi gate halts the symbol.", d -> d.gates().psi());
        gate(m, decisions, "gate_data_quality_active", "1 when a data-quality gate halts the symbol.", d -> d.gates().dataQuality());
        gate(m, decisions, "gate_allow", "1 when the symbol may trade.", GateDecision::allow);
        m.family("gate_size_multiplier", "gauge", "Size multiplier of the symbol's latest decision.");
        decisions.forEach(d -> m.sample("gate_size_multiplier", Map.of("symbol", d.symbol()), d.sizeMultiplier()));
        m.family("canary_share", "gauge", "Effective canary share of the symbol's latest decision.");
        decisions.forEach(d -> m.sample("canary_share", Map.of("symbol", d.symbol()), d.canaryShare()));
        for (KpiGauge gauge : KPI_GAUGES) {
            m.family(gauge.name(), "gauge", gauge.help());
            view.kpis().forEach((symbol, kpi) ->
                    m.sample(gauge.name(), Map.of("symbol", symbol), asDouble(gauge.figure().apply(kpi.kpi()))));
        }
        KpiRecord global = view.globalKpi().map(StateView.KpiEntry::kpi).orElse(null);
        m.family("daily_budget_left", "gauge", "Share of the daily risk budget left (1 at the start of the day).");
        m.sample("daily_budget_left", global == null ? null : global.budgetLeft());
        m.family("canary_trades_total", "gauge", "Orders of the challenger with at least one fill, today (UTC).");
        m.sample("canary_trades_total", global == null ? null : asDouble(global.canaryTradesTotal()));
        m.family("total_trades", "gauge", "Orders with at least one fill, today (UTC).");
        m.sample("total_trades", global == null ? null : asDouble(global.totalTrades()));
        m.family("canary_notional_share", "gauge", "Challenger fill notional / all fill notional, today.");
        m.sample("canary_notional_share", global == null ? null : global.canaryNotionalShare());
        markouts(m);
        m.family("kit_sidecar_rehydrate_seconds", "gauge", "Time the sidecar took to rehydrate its view at start.");
        m.sample("kit_sidecar_rehydrate_seconds", view.rehydrateMillis().map(ms -> ms / 1000.0).orElse(null));
        m.family("kit_sidecar_data_age_seconds", "gauge", "Age of the newest record of each consumed topic.");
        for (String topic : List.of(Topics.GATE_DECISIONS, Topics.KPIS, Topics.TCA, Topics.ORDERS)) {
            view.lastProduced(topic).ifPresent(at ->
                    m.sample("kit_sidecar_data_age_seconds", Map.of("topic", topic), Math.max(0, view.now() - at) / 1000.0));
        }
        m.family("kit_sidecar_view_stale", "gauge", "1 when the newest decision is older than 10 s.");
        m.sample("kit_sidecar_view_stale", view.stale() ? 1 : 0);
        m.family("kit_sidecar_records_total", "counter", "Records consumed since start.");
        m.sample("kit_sidecar_records_total", ingest.ingested());
        m.family("kit_sidecar_records_rejected_total", "counter", "Records skipped because they could not be decoded.");
        m.sample("kit_sidecar_records_rejected_total", ingest.rejected());
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
        ctx.result(m.toString());
    }

    /** Today's markouts of final TCA records as a summary per symbol, model and horizon (mean = sum / count). */
    private void markouts(MetricsText m) {
        m.family("tca_markout_bps", "summary",
                "Markouts of today's (UTC) final fills, in bps (positive = the market moved in the fill's favour).");
        for (DailyReport.MarkoutSummary s : reports.markoutsToday()) {
            Map<String, String> labels = Map.of("symbol", s.symbol(), "model_id", s.modelId(), "horizon", s.horizon());
            m.sample("tca_markout_bps_count", labels, s.count());
            m.sample("tca_markout_bps_sum", labels, s.sumBps());
        }
    }

    private static void gate(MetricsText m, List<GateDecision> decisions, String name, String help,
            java.util.function.Predicate<GateDecision> tripped) {
        m.family(name, "gauge", help);
        decisions.forEach(d -> m.sample(name, Map.of("symbol", d.symbol()), tripped.test(d) ? 1 : 0));
    }

    // KPI gauges print as doubles, counts included (orphans 3.0), as the contract's examples show them.
    private static Double asDouble(Number value) {
        return value == null ? null : value.doubleValue();
    }
}
