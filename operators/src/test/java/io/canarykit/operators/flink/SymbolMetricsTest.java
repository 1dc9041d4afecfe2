package io.canarykit.operators.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.schema.Side;
import io.canarykit.schema.TcaRecord;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class SymbolMetricsTest {

    /** A metric group that keeps the histograms registered under it, by their labels and name. */
    private static final class Capturing extends UnregisteredMetricsGroup {
        final String path;
        final Map<String, Histogram> histograms;

        Capturing(String path, Map<String, Histogram> histograms) {
            this.path = path;
            this.histograms = histograms;
        }

        @Override
        public MetricGroup addGroup(String key, String value) {
            return new Capturing(path + key + "=" + value + ",", histograms);
        }

        @Override
        public <H extends Histogram> H histogram(String name, H histogram) {
            histograms.put(path + name, histogram);
            return histogram;
        }
    }

    @Test
    void putsEachKnownMarkoutOfAFinalFillInTheHistogramOfItsSymbolModelAndHorizon() {
        Map<String, Histogram> histograms = new HashMap<>();
        SymbolMetrics metrics = new SymbolMetrics(new Capturing("", histograms));
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
}
