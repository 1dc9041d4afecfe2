package io.canarykit.operators.flink;

import io.canarykit.operators.gate.GateVerdict;
import io.canarykit.operators.symbol.SymbolEvaluation;
import io.canarykit.schema.Gates;
import io.canarykit.schema.TcaRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;
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
    /**
     * Upper bounds (bps) of the per-fill slippage buckets, cumulative as Prometheus histograms are,
     * so a heatmap can draw the distribution; around the default SLO of 5 bps.
     */
    static final double[] SLIPPAGE_BUCKETS_BPS = {-10, -5, -2, -1, 0, 1, 2, 5, 10, 20};

    private final MetricGroup operatorGroup;
    private final ToDoubleFunction<String> slippageSlo;
    private final Map<String, Values> bySymbol = new HashMap<>();
    private final Map<String, Histogram> markouts = new HashMap<>();
    private final Map<String, Fills> fills = new HashMap<>();
    private final Map<String, Map<String, Cell>> featurePsi = new HashMap<>();
    private volatile double commandedShare = Double.NaN;

    /**
     * @param slippageSlo each symbol's slippage SLO in bps, drawn beside its slippage on the boards
     */
    SymbolMetrics(MetricGroup operatorGroup, ToDoubleFunction<String> slippageSlo) {
        this.operatorGroup = operatorGroup;
        this.slippageSlo = slippageSlo;
        operatorGroup.gauge("canary_share_commanded", (Gauge<Double>) () -> commandedShare);
    }

    /** The canary share the operator (or a rollout) commands, before any gate cuts it. */
    void commanded(double share) {
        commandedShare = share;
    }

    void record(SymbolEvaluation ev) {
        Values v = bySymbol.computeIfAbsent(ev.symbol(), this::register);
        SymbolEvaluation.Gauges figures = ev.gauges();
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
            v.killSwitchActive = g.killSwitch() ? 1 : 0;
            v.disarmedActive = g.disarmed() ? 1 : 0;
            v.preflightActive = g.preflight() ? 1 : 0;
            v.canaryActive = g.canary() != null ? 1 : 0;
        }
        if (ev.decision() != null) {
            v.decisions.inc();
        }
        if (ev.kpiDue()) {
            // Only when the record is sent anyway: it is built already, so this costs no extra work.
            featurePsi(ev.symbol(), ev.kpi().psiByFeature());
        }
    }

    /**
     * One fill, counted when its first TCA record is sent: by symbol, canary and shadow, its
     * notional, its notional-weighted slippage and the slippage bucket it falls in.
     */
    void fill(TcaRecord record) {
        boolean shadow = Boolean.TRUE.equals(record.shadow());
        String key = record.symbol() + '\u0000' + record.canary() + '\u0000' + shadow;
        Fills f = fills.computeIfAbsent(key, k -> new Fills(operatorGroup.addGroup("symbol", record.symbol())
                .addGroup("canary", String.valueOf(record.canary())).addGroup("shadow", String.valueOf(shadow))));
        f.count.inc();
        f.notional += record.notional();
        Double slippage = record.slippageBps();
        if (slippage == null || !Double.isFinite(slippage)) {
            return;
        }
        f.slippageNotional += slippage * record.notional();
        for (int i = 0; i < SLIPPAGE_BUCKETS_BPS.length; i++) {
            if (slippage <= SLIPPAGE_BUCKETS_BPS[i]) {
                f.buckets[i].inc();
            }
        }
        f.buckets[SLIPPAGE_BUCKETS_BPS.length].inc();
    }

    /** Each feature's PSI as its own gauge; a feature with no PSI now reads as NaN. */
    private void featurePsi(String symbol, Map<String, Double> byFeature) {
        Map<String, Cell> cells = featurePsi.computeIfAbsent(symbol, k -> new HashMap<>());
        Map<String, Double> now = byFeature == null ? Map.of() : byFeature;
        for (String feature : now.keySet()) {
            cells.computeIfAbsent(feature, f -> {
                Cell cell = new Cell();
                operatorGroup.addGroup("symbol", symbol).addGroup("feature", f).gauge("psi", (Gauge<Double>) () -> cell.value);
                return cell;
            });
        }
        cells.forEach((feature, cell) -> cell.value = orNaN(now.get(feature)));
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
        featurePsi.getOrDefault(symbol, Map.of()).values().forEach(cell -> cell.value = Double.NaN);
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
        g.gauge("gate_kill_switch_active", (Gauge<Integer>) () -> v.killSwitchActive);
        g.gauge("gate_disarmed_active", (Gauge<Integer>) () -> v.disarmedActive);
        g.gauge("gate_preflight_active", (Gauge<Integer>) () -> v.preflightActive);
        g.gauge("gate_canary_active", (Gauge<Integer>) () -> v.canaryActive);
        double slo = slippageSlo.applyAsDouble(symbol);
        g.gauge("slippage_slo_bps", (Gauge<Double>) () -> slo);
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
        volatile int killSwitchActive;
        volatile int disarmedActive;
        volatile int preflightActive;
        volatile int canaryActive;
        volatile double sizeMultiplier = Double.NaN;
        volatile double canaryShare = Double.NaN;

        Values(Counter decisions) {
            this.decisions = decisions;
        }

        void reset() {
            psi = missing = dislocation = stale = p95 = errorRate = slippage = orphans = Double.NaN;
            totalTrades = canaryTrades = sizeMultiplier = canaryShare = Double.NaN;
            sloActive = psiActive = dataQualityActive = budgetActive = allow = 0;
            killSwitchActive = disarmedActive = preflightActive = canaryActive = 0;
        }
    }

    /** One value a gauge reads. */
    private static final class Cell {
        volatile double value = Double.NaN;
    }

    /** The fills of one symbol, canary flag and shadow flag, since the job started. */
    private static final class Fills {
        final Counter count;
        final Counter[] buckets = new Counter[SLIPPAGE_BUCKETS_BPS.length + 1];
        volatile double notional;
        volatile double slippageNotional;

        Fills(MetricGroup g) {
            count = g.counter("fills_total");
            g.gauge("fill_notional_total", (Gauge<Double>) () -> notional);
            g.gauge("fill_slippage_bps_notional_total", (Gauge<Double>) () -> slippageNotional);
            for (int i = 0; i <= SLIPPAGE_BUCKETS_BPS.length; i++) {
                String le = i < SLIPPAGE_BUCKETS_BPS.length ? le(SLIPPAGE_BUCKETS_BPS[i]) : "+Inf";
                buckets[i] = g.addGroup("le", le).counter("fill_slippage_bps_bucket");
            }
        }

        private static String le(double bound) {
            return bound == Math.rint(bound) ? String.valueOf((long) bound) : String.valueOf(bound);
        }
    }
}
