package io.canarykit.admin.metrics;

import io.canarykit.admin.ingest.TopicIngest;
import io.canarykit.admin.report.DailyReport;
import io.canarykit.admin.view.StateView;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.Topics;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.SummaryWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantiles;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The sidecar's own Prometheus metrics: the view's gates and KPIs by symbol, today's markouts and the
 * sidecar's health. Each family reads the view when it is scraped, so nothing here keeps a copy.
 */
public final class SidecarMetrics {

    private static final String SYMBOL = "symbol";

    /** Figures of a symbol's KPI record exposed as gauges by symbol, each under its field's name. */
    private static final List<KpiGauge> KPI_GAUGES = List.of(
            new KpiGauge("features_missing_ratio", "Share of expected feature values missing in the window.",
                    KpiRecord::featuresMissingRatio),
            new KpiGauge("feed_dislocation_bps", "Distance between the primary and reference mids, in bps.",
                    KpiRecord::feedDislocationBps),
            new KpiGauge("data_stale_seconds", "Age of the latest primary quote at the job clock.",
                    KpiRecord::dataStaleSeconds),
            new KpiGauge("psi", "Population stability index of the model in use (max over features).", KpiRecord::psi),
            new KpiGauge("error_rate", "(rejected + error) / placed in the SLO window.", KpiRecord::errorRate),
            new KpiGauge("p95_place_ms", "Nearest-rank p95 of order place latency in the SLO window.",
                    KpiRecord::p95PlaceMs),
            new KpiGauge("slippage_bps", "Notional-weighted slippage in the SLO window (positive = cost).",
                    KpiRecord::slippageBps),
            new KpiGauge("orphans", "Orders placed and unanswered by the venue for more than the orphan timeout, now.",
                    KpiRecord::orphans));

    /** Figures of the desk-wide KPI record exposed as gauges without labels. */
    private static final List<KpiGauge> GLOBAL_GAUGES = List.of(
            new KpiGauge("daily_budget_left", "Share of the daily risk budget left (1 at the start of the day).",
                    KpiRecord::budgetLeft),
            // A gauge despite its suffix: it counts today's trades and starts again at midnight (UTC).
            new KpiGauge("canary_trades_total", "Orders of the challenger with at least one fill, today (UTC).",
                    KpiRecord::canaryTradesTotal),
            new KpiGauge("total_trades", "Orders with at least one fill, today (UTC).", KpiRecord::totalTrades),
            new KpiGauge("canary_notional_share", "Challenger fill notional / all fill notional, today.",
                    KpiRecord::canaryNotionalShare));

    /** The topics whose newest record's age the sidecar reports. */
    private static final List<String> CONSUMED_TOPICS =
            List.of(Topics.GATE_DECISIONS, Topics.KPIS, Topics.TCA, Topics.ORDERS);

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final StateView view;

    public SidecarMetrics(StateView view, TopicIngest ingest, DailyReport reports) {
        this.view = view;
        gate("gate_budget_active", "1 when the budget gate halts the symbol.", d -> d.gates().budget());
        gate("gate_slo_active", "1 when an SLO gate halts the symbol.", d -> d.gates().slo());
        gate("gate_psi_active", "1 when the psi gate halts the symbol.", d -> d.gates().psi());
        gate("gate_data_quality_active", "1 when a data-quality gate halts the symbol.", d -> d.gates().dataQuality());
        gate("gate_allow", "1 when the symbol may trade.", GateDecision::allow);
        decisionGauge("gate_size_multiplier", "Size multiplier of the symbol's latest decision.",
                GateDecision::sizeMultiplier);
        decisionGauge("canary_share", "Effective canary share of the symbol's latest decision.",
                GateDecision::canaryShare);
        KPI_GAUGES.forEach(this::kpiGauge);
        GLOBAL_GAUGES.forEach(this::globalGauge);
        markouts(reports);
        sidecarHealth(ingest);
    }

    /** Every family's samples as they are now. */
    public MetricSnapshots scrape() {
        return registry.scrape();
    }

    private void gate(String name, String help, Predicate<GateDecision> halts) {
        decisionGauge(name, help, d -> halts.test(d) ? 1.0 : 0.0);
    }

    private void decisionGauge(String name, String help, Function<GateDecision, Double> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames(SYMBOL)
                .callback(sample -> view.decisions().forEach(entry -> {
                    GateDecision d = entry.decision();
                    ifFinite(value.apply(d), v -> sample.call(v, d.symbol()));
                }))
                .register(registry);
    }

    private void kpiGauge(KpiGauge gauge) {
        GaugeWithCallback.builder().name(gauge.name()).help(gauge.help()).labelNames(SYMBOL)
                .callback(sample -> view.kpis().forEach((symbol, kpi) ->
                        ifFinite(gauge.of(kpi.kpi()), v -> sample.call(v, symbol))))
                .register(registry);
    }

    private void globalGauge(KpiGauge gauge) {
        unlabelledGauge(gauge.name(), gauge.help(), () -> view.globalKpi().map(kpi -> gauge.of(kpi.kpi())));
    }

    /** Today's markouts of final TCA records as a summary per symbol, model and horizon (mean = sum / count). */
    private void markouts(DailyReport reports) {
        SummaryWithCallback.builder().name("tca_markout_bps")
                .help("Markouts of today's (UTC) final fills, in bps (positive = the market moved in the fill's favour).")
                .labelNames(SYMBOL, "model_id", "horizon")
                .callback(sample -> reports.markoutsToday().forEach(s -> ifFinite(s.sumBps(), sum ->
                        sample.call(s.count(), sum, Quantiles.EMPTY, s.symbol(), s.modelId(), s.horizon()))))
                .register(registry);
    }

    private void sidecarHealth(TopicIngest ingest) {
        unlabelledGauge("kit_sidecar_rehydrate_seconds", "Time the sidecar took to rehydrate its view at start.",
                () -> view.rehydrateMillis().map(ms -> ms / 1000.0));
        GaugeWithCallback.builder().name("kit_sidecar_data_age_seconds")
                .help("Age of the newest record of each consumed topic.")
                .labelNames("topic")
                .callback(sample -> CONSUMED_TOPICS.forEach(topic -> view.lastProduced(topic).ifPresent(at ->
                        sample.call(Math.max(0, view.now() - at) / 1000.0, topic))))
                .register(registry);
        unlabelledGauge("kit_sidecar_view_stale", "1 when the newest decision is older than 10 s.",
                () -> Optional.of(view.stale() ? 1.0 : 0.0));
        // The client adds "_total" to a counter's name when it writes the family.
        counter("kit_sidecar_records", "Records consumed since start.", ingest::ingested);
        counter("kit_sidecar_records_rejected", "Records skipped because they could not be decoded.", ingest::rejected);
    }

    private void unlabelledGauge(String name, String help, Supplier<Optional<Double>> value) {
        GaugeWithCallback.builder().name(name).help(help)
                .callback(sample -> value.get().ifPresent(v -> ifFinite(v, sample::call)))
                .register(registry);
    }

    private void counter(String name, String help, Supplier<Long> value) {
        CounterWithCallback.builder().name(name).help(help)
                .callback(sample -> sample.call(value.get()))
                .register(registry);
    }

    /** Prometheus has no null, and a NaN or an infinity would read as a figure: such a value is left out. */
    private static void ifFinite(Double value, DoubleConsumer sample) {
        if (value != null && Double.isFinite(value)) {
            sample.accept(value);
        }
    }

    /** A KPI figure drawn as a gauge: its name, its help and where the record keeps it. */
    private record KpiGauge(String name, String help, Function<KpiRecord, Number> figure) {

        /** The figure of {@code kpi} as a double, or null when the record has none. */
        Double of(KpiRecord kpi) {
            Number value = figure.apply(kpi);
            return value == null ? null : value.doubleValue();
        }
    }
}
