package io.canarykit.admin.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.admin.audit.AuditLog;
import io.canarykit.admin.ingest.TopicIngest;
import io.canarykit.admin.ledger.Ledger;
import io.canarykit.admin.report.DailyReport;
import io.canarykit.admin.testing.Records;
import io.canarykit.admin.view.KpiSeries;
import io.canarykit.admin.view.StateView;
import io.canarykit.config.KitConfig;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.Topics;
import io.canarykit.schema.codec.JsonCodec;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The names and types that deploy/prometheus and the Grafana boards read, and the samples behind them. */
class SidecarMetricsTest {

    private static final long NOW = 1_800_000_000_000L;

    @TempDir
    Path dir;

    private Ledger ledger;
    private StateView view;
    private SidecarMetrics metrics;

    @BeforeEach
    void openLedger() throws Exception {
        ledger = Ledger.open("jdbc:sqlite:" + dir.resolve("kit.db"));
        view = new StateView(() -> NOW);
        TopicIngest ingest = new TopicIngest("127.0.0.1:1", ledger, view,
                new KpiSeries(KpiSeries.DEFAULT_MAX_POINTS, () -> 0.0), new AuditLog(ledger, () -> NOW));
        metrics = new SidecarMetrics(view, ingest, new DailyReport(ledger, KitConfig.defaults(), () -> NOW));
    }

    @AfterEach
    void closeLedger() throws Exception {
        ledger.close();
    }

    @Test
    void exposesEveryFamilyUnderTheNameAndTypeTheRulesAndBoardsRead() {
        Map<String, String> expected = new TreeMap<>();
        for (String gauge : new String[] {"gate_budget_active", "gate_slo_active", "gate_psi_active",
                "gate_data_quality_active", "gate_allow", "gate_size_multiplier", "canary_share",
                "features_missing_ratio", "feed_dislocation_bps", "data_stale_seconds", "psi", "error_rate",
                "p95_place_ms", "slippage_bps", "orphans", "daily_budget_left", "canary_trades_total", "total_trades",
                "canary_notional_share", "kit_sidecar_rehydrate_seconds", "kit_sidecar_data_age_seconds",
                "kit_sidecar_view_stale"}) {
            expected.put(gauge, "gauge");
        }
        expected.put("kit_sidecar_records_total", "counter");
        expected.put("kit_sidecar_records_rejected_total", "counter");
        expected.put("tca_markout_bps", "summary");

        Map<String, String> exposed = new TreeMap<>();
        for (MetricSnapshot family : metrics.scrape()) {
            String name = family.getMetadata().getPrometheusName();
            exposed.put(family instanceof CounterSnapshot ? name + "_total" : name, type(family));
            assertThat(family.getMetadata().getHelp()).as(name).isNotBlank();
        }
        assertThat(exposed).isEqualTo(expected);
    }

    @Test
    void writesTheViewsFiguresAndLeavesOutWhatItDoesNotHold() throws Exception {
        GateDecision halted = Records.sloHalted("ETHUSDT", 1, NOW - 1_000);
        view.acceptDecision(halted, JsonCodec.encode(halted), NOW - 1_000);
        // A record without a psi, as the job writes one before the window holds enough values.
        view.acceptKpi(Records.kpiRecord("BTCUSDT", NOW - 1_000, null, 1.2), NOW - 1_000);
        view.noteArrival(Topics.KPIS, NOW - 2_500);

        String text = text();

        assertThat(text)
                .contains("# TYPE gate_slo_active gauge\n")
                .contains("gate_slo_active{symbol=\"ETHUSDT\"} 1.0\n")
                .contains("gate_allow{symbol=\"ETHUSDT\"} 0.0\n")
                .contains("error_rate{symbol=\"BTCUSDT\"} 0.001\n")
                .contains("p95_place_ms{symbol=\"BTCUSDT\"} 120.0\n")
                .contains("kit_sidecar_data_age_seconds{topic=\"kit.kpis\"} 2.5\n")
                .contains("# TYPE kit_sidecar_records_total counter\n")
                .contains("kit_sidecar_records_total 0.0\n")
                .contains("kit_sidecar_view_stale 0.0\n");
        // No psi in the KPI record, no desk-wide record, no rehydration yet: no sample rather than a made-up one.
        assertThat(text).doesNotContain("psi{").doesNotContain("daily_budget_left")
                .doesNotContain("kit_sidecar_rehydrate_seconds");
    }

    private String text() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, metrics.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String type(MetricSnapshot family) {
        if (family instanceof GaugeSnapshot) {
            return "gauge";
        }
        if (family instanceof CounterSnapshot) {
            return "counter";
        }
        return family instanceof SummarySnapshot ? "summary" : family.getClass().getSimpleName();
    }
}
