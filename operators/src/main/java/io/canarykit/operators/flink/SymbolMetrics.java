package io.canarykit.operators.flink;

import io.canarykit.operators.gate.GateVerdict;
import io.canarykit.operators.symbol.SymbolWatch;
import io.canarykit.schema.Gates;
import io.canarykit.schema.TcaRecord;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The per-symbol Prometheus metrics, under the names the runbook's alert rules use and labelled by
 * {@code symbol}. A signal with no value reads as NaN.
 */
final class SymbolMetrics {

    /** The latest markouts each histogram's quantiles are read from. */
    private static final int MARKOUT_SAMPLES = 500;

    private final MetricGroup operatorGroup;
    private final Map<String, Values> bySymbol = new HashMap<>();
    private final Map<String, Histogram> markouts = new HashMap<>();

    SymbolMetrics(MetricGroup operatorGroup) {
        this.operatorGroup = operatorGroup;
    }

    void record(SymbolWatch.Evaluation ev) {
        Values v = bySymbol.computeIfAbsent(ev.symbol(), this::register);
        SymbolWatch.Gauges figures = ev.gauges();
        if (figures != null) {
            v.psi = orNaN(figures.psi());
            v.missing = orNaN(figures.featuresMissingRatio());
            v.dislocation = orNaN(figures.feedDislocationBps());
            v.p95 = orNaN(figures.p95PlaceMs());
            v.errorRate = orNaN(figures.errorRate());
            v.slippage = orNaN(figures.slippageBps());
            v.orphans = figures.orphans();
            v.totalTrades = figures.totalTrades();
            v.canaryTrades = figures.canaryTrades();
        }
        v.stale = orNaN(ev.staleSeconds());
        GateVerdict verdict = ev.verdict();
        if (verdict != null) {
            Gates g = verdict.gates();
            v.sloActive = g.slo() ? 1 : 0;
            v.psiActive = g.psi() ? 1 : 0;
            v.dataQualityActive = g.dataQuality() ? 1 : 0;
            v.budgetActive = g.budget() ? 1 : 0;
            v.allow = verdict.allow() ? 1 : 0;
            v.sizeMultiplier = verdict.sizeMultiplier();
            v.canaryShare = verdict.canaryShare();
        }
        if (ev.decision() != null) {
            v.decisions.inc();
        }
    }

    /**
     * The markouts of a final TCA record, each into the histogram of its symbol, model and horizon
     * ({@code markout_hundredths_bps}: a Flink histogram takes whole numbers, so hundredths of a bp).
     * An unknown markout is no sample.
     */
    void markouts(TcaRecord record) {
        if (record.markoutsBps() == null) {
            return;
        }
        String model = record.modelId() == null ? "" : record.modelId();
        record.markoutsBps().forEach((horizon, bps) -> {
            if (bps == null || !Double.isFinite(bps)) {
                return;
            }
            String key = record.symbol() + '\u0000' + model + '\u0000' + horizon;
            markouts.computeIfAbsent(key, k -> operatorGroup.addGroup("symbol", record.symbol())
                            .addGroup("model_id", model).addGroup("horizon", horizon)
                            .histogram("markout_hundredths_bps", new DescriptiveStatisticsHistogram(MARKOUT_SAMPLES)))
                    .update(Math.round(bps * 100));
        });
    }

    /** A symbol whose state was dropped reads as NaN until it trades again. */
    void forget(String symbol) {
        Values v = bySymbol.get(symbol);
        if (v != null) {
            v.reset();
        }
    }

    private Values register(String symbol) {
        MetricGroup g = operatorGroup.addGroup("symbol", symbol);
        Values v = new Values(g.counter("decisions_total"));
        g.gauge("psi", (Gauge<Double>) () -> v.psi);
        g.gauge("features_missing_ratio", (Gauge<Double>) () -> v.missing);
        g.gauge("feed_dislocation_bps", (Gauge<Double>) () -> v.dislocation);
        g.gauge("data_stale_seconds", (Gauge<Double>) () -> v.stale);
        g.gauge("p95_place_ms", (Gauge<Double>) () -> v.p95);
        g.gauge("error_rate", (Gauge<Double>) () -> v.errorRate);
        g.gauge("slippage_bps", (Gauge<Double>) () -> v.slippage);
        g.gauge("orphans", (Gauge<Double>) () -> v.orphans);
        g.gauge("symbol_total_trades", (Gauge<Double>) () -> v.totalTrades);
        g.gauge("symbol_canary_trades_total", (Gauge<Double>) () -> v.canaryTrades);
        g.gauge("gate_slo_active", (Gauge<Integer>) () -> v.sloActive);
        g.gauge("gate_psi_active", (Gauge<Integer>) () -> v.psiActive);
        g.gauge("gate_data_quality_active", (Gauge<Integer>) () -> v.dataQualityActive);
        g.gauge("gate_symbol_budget_active", (Gauge<Integer>) () -> v.budgetActive);
        g.gauge("gate_allow", (Gauge<Integer>) () -> v.allow);
        g.gauge("size_multiplier", (Gauge<Double>) () -> v.sizeMultiplier);
        g.gauge("canary_share", (Gauge<Double>) () -> v.canaryShare);
        return v;
    }

    private static double orNaN(Double d) {
        return d == null ? Double.NaN : d;
    }

    /** The latest values of one symbol, read by its gauges. */
    private static final class Values {
        final Counter decisions;
        volatile double psi = Double.NaN;
        volatile double missing = Double.NaN;
        volatile double dislocation = Double.NaN;
        volatile double stale = Double.NaN;
        volatile double p95 = Double.NaN;
        volatile double errorRate = Double.NaN;
        volatile double slippage = Double.NaN;
        volatile double orphans = Double.NaN;
        volatile double totalTrades = Double.NaN;
        volatile double canaryTrades = Double.NaN;
        volatile int sloActive;
        volatile int psiActive;
        volatile int dataQualityActive;
        volatile int budgetActive;
        volatile int allow;
        volatile double sizeMultiplier = Double.NaN;
        volatile double canaryShare = Double.NaN;

        Values(Counter decisions) {
            this.decisions = decisions;
        }

        void reset() {
            psi = missing = dislocation = stale = p95 = errorRate = slippage = orphans = Double.NaN;
            totalTrades = canaryTrades = sizeMultiplier = canaryShare = Double.NaN;
            sloActive = psiActive = dataQualityActive = budgetActive = allow = 0;
        }
    }
}
