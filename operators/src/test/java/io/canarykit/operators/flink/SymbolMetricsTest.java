package io.canarykit.operators.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.operators.gate.GateVerdict;
import io.canarykit.operators.symbol.SymbolEvaluation;
import io.canarykit.schema.CanaryCut;
import io.canarykit.schema.Gates;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.Mode;
import io.canarykit.schema.Side;
import io.canarykit.schema.TcaRecord;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class SymbolMetricsTest {

    /** A metric group that keeps the metrics registered under it, by their labels and name. */
    private static final class Capturing extends UnregisteredMetricsGroup {
        final String path;
        final Map<String, Histogram> histograms;
        final Map<String, Metric> metrics;

        Capturing(String path, Map<String, Histogram> histograms) {
            this(path, histograms, new HashMap<>());
        }

        Capturing(String path, Map<String, Histogram> histograms, Map<String, Metric> metrics) {
            this.path = path;
            this.histograms = histograms;
            this.metrics = metrics;
        }

        @Override
        public MetricGroup addGroup(String key, String value) {
            return new Capturing(path + key + "=" + value + ",", histograms, metrics);
        }

        @Override
        public <H extends Histogram> H histogram(String name, H histogram) {
            histograms.put(path + name, histogram);
            return histogram;
        }

        @Override
        public Counter counter(String name) {
            return counter(name, new SimpleCounter());
        }

        @Override
        public <C extends Counter> C counter(String name, C counter) {
            metrics.put(path + name, counter);
            return counter;
        }

        @Override
        public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
            metrics.put(path + name, gauge);
            return gauge;
        }

        long count(String name) {
            return ((Counter) metrics.get(name)).getCount();
        }

        double value(String name) {
            return ((Number) ((Gauge<?>) metrics.get(name)).getValue()).doubleValue();
        }
    }

    @Test
    void putsEachKnownMarkoutOfAFinalFillInTheHistogramOfItsSymbolModelAndHorizon() {
        Map<String, Histogram> histograms = new HashMap<>();
        SymbolMetrics metrics = new SymbolMetrics(new Capturing("", histograms), symbol -> 5.0);
        Map<String, Double> markouts = new LinkedHashMap<>();
        markouts.put("1s", 5.0);
        markouts.put("5s", -10.004);
        markouts.put("60s", null);

        metrics.markouts(new TcaRecord("o1", "BTCUSDT", 1L, Side.BUY, "m1", false, 1.0, 100.0, 100.0, 100.0, 0.0, 0.0,
                null, markouts, true));
        metrics.markouts(new TcaRecord("o2", "BTCUSDT", 2L, Side.SELL, "m1", false, 1.0, 100.0, 100.0, 100.0, 0.0, 0.0,
                null, Map.of("1s", 2.5, "5s", 0.0, "60s", 1.0), true));

        // Hundredths of a bp: 5.0 -> 500, -10.004 -> -1000, 2.5 -> 250; the unknown 60 s markout is no sample.
        Histogram oneSecond = histograms.get("symbol=BTCUSDT,model_id=m1,horizon=1s,markout_hundredths_bps");
        assertThat(oneSecond.getCount()).isEqualTo(2);
        assertThat(oneSecond.getStatistics().getMax()).isEqualTo(500);
        assertThat(oneSecond.getStatistics().getMin()).isEqualTo(250);
        assertThat(histograms.get("symbol=BTCUSDT,model_id=m1,horizon=5s,markout_hundredths_bps").getStatistics().getMin())
                .isEqualTo(-1000);
        assertThat(histograms.get("symbol=BTCUSDT,model_id=m1,horizon=60s,markout_hundredths_bps").getCount()).isEqualTo(1);
        assertThat(histograms).hasSize(3);
    }

    @Test
    void countsEachFillByCanaryWithItsNotionalWeightedSlippageAndCumulativeSlippageBuckets() {
        Capturing group = new Capturing("", new HashMap<>());
        SymbolMetrics metrics = new SymbolMetrics(group, symbol -> 5.0);
        metrics.fill(fill("o1", false, 200.0, 3.0));
        metrics.fill(fill("o2", false, 100.0, -1.5));
        metrics.fill(fill("o3", false, 100.0, 25.0));
        metrics.fill(fill("o4", true, 50.0, 0.0));

        String champion = "symbol=BTCUSDT,canary=false,shadow=false,";
        assertThat(group.count(champion + "fills_total")).isEqualTo(3);
        assertThat(group.value(champion + "fill_notional_total")).isEqualTo(400.0);
        // 3 * 200 - 1.5 * 100 + 25 * 100 = 2950 bps x notional: a weighted mean of 7.375 bps.
        assertThat(group.value(champion + "fill_slippage_bps_notional_total")).isEqualTo(2950.0);
        // Cumulative: -1.5 is in every bucket from -1 up, 3 from 5 up, 25 only in +Inf.
        assertThat(group.count(champion + "le=-2,fill_slippage_bps_bucket")).isZero();
        assertThat(group.count(champion + "le=-1,fill_slippage_bps_bucket")).isEqualTo(1);
        assertThat(group.count(champion + "le=2,fill_slippage_bps_bucket")).isEqualTo(1);
        assertThat(group.count(champion + "le=5,fill_slippage_bps_bucket")).isEqualTo(2);
        assertThat(group.count(champion + "le=20,fill_slippage_bps_bucket")).isEqualTo(2);
        assertThat(group.count(champion + "le=+Inf,fill_slippage_bps_bucket")).isEqualTo(3);

        String canary = "symbol=BTCUSDT,canary=true,shadow=false,";
        assertThat(group.count(canary + "fills_total")).isEqualTo(1);
        assertThat(group.count(canary + "le=-1,fill_slippage_bps_bucket")).isZero();
        assertThat(group.count(canary + "le=0,fill_slippage_bps_bucket")).isEqualTo(1);
    }

    private static TcaRecord fill(String orderId, boolean canary, double notional, double slippageBps) {
        return new TcaRecord(orderId, "BTCUSDT", 1L, Side.BUY, canary ? "m2" : "m1", canary, 1.0, notional, notional,
                notional, 0.0, slippageBps, null, null, false);
    }

    @Test
    void exportsEveryGateEachFeaturesPsiTheSymbolsSloAndTheCommandedShare() {
        Capturing group = new Capturing("", new HashMap<>());
        SymbolMetrics metrics = new SymbolMetrics(group, symbol -> "BTCUSDT".equals(symbol) ? 7.0 : 5.0);
        assertThat(group.value("canary_share_commanded")).isNaN();
        metrics.commanded(0.1);
        assertThat(group.value("canary_share_commanded")).isEqualTo(0.1);

        // Killed, and the canary cut because the model is pinned.
        GateVerdict killed = new GateVerdict(false, Mode.HALTED, 0.0, List.of(),
                new Gates(false, false, false, false, true, false, false, CanaryCut.PINNED), "m1", "m1", "m2", true, 0.0, false);
        metrics.record(evaluation(killed, Map.of("f1", 0.25, "f2", 0.05)));
        String s = "symbol=BTCUSDT,";
        assertThat(group.value(s + "gate_kill_switch_active")).isEqualTo(1.0);
        assertThat(group.value(s + "gate_canary_active")).isEqualTo(1.0);
        assertThat(group.value(s + "gate_disarmed_active")).isZero();
        assertThat(group.value(s + "gate_preflight_active")).isZero();
        assertThat(group.value(s + "slippage_slo_bps")).isEqualTo(7.0);
        assertThat(group.value(s + "feature=f1,psi")).isEqualTo(0.25);
        assertThat(group.value(s + "feature=f2,psi")).isEqualTo(0.05);

        // Disarmed, nothing cut; f1 has no PSI any more, so it reads NaN rather than its old value.
        GateVerdict disarmed = new GateVerdict(false, Mode.HALTED, 0.0, List.of(),
                new Gates(false, false, false, false, false, true, false, null), "m1", "m1", "m2", false, 0.0, false);
        metrics.record(evaluation(disarmed, Map.of("f2", 0.31)));
        assertThat(group.value(s + "gate_kill_switch_active")).isZero();
        assertThat(group.value(s + "gate_disarmed_active")).isEqualTo(1.0);
        assertThat(group.value(s + "gate_canary_active")).isZero();
        assertThat(group.value(s + "feature=f1,psi")).isNaN();
        assertThat(group.value(s + "feature=f2,psi")).isEqualTo(0.31);

        // An evaluation that sends no KPI record leaves the features' PSI alone and builds no record.
        metrics.record(new SymbolEvaluation("BTCUSDT", () -> {
            throw new AssertionError("the KPI record was built for the metrics alone");
        }, false, disarmed, null, null, 0.1, null));
        assertThat(group.value(s + "feature=f2,psi")).isEqualTo(0.31);
    }

    private static SymbolEvaluation evaluation(GateVerdict verdict, Map<String, Double> psiByFeature) {
        KpiRecord kpi = new KpiRecord("BTCUSDT", 1_000L, "m1", 0.25, 0.0, 1.0, 0.1, null, null, null, 0L, 0L, 0L, 0L, 1.0,
                null, Map.of(), Map.of(), psiByFeature, null);
        return new SymbolEvaluation("BTCUSDT", () -> kpi, true, verdict, null, null, 0.1,
                new SymbolEvaluation.Gauges(0.25, 0.0, 1.0, null, null, null, 0, 0, 0));
    }
}
