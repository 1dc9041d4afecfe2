package io.canarykit.admin;

import static io.canarykit.admin.testing.SidecarHarness.await;
import static io.canarykit.admin.testing.SidecarHarness.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.admin.testing.Records;
import io.canarykit.admin.testing.SidecarHarness;
import io.canarykit.admin.testing.ZipFiles;
import io.canarykit.config.KitConfig;
import io.canarykit.jobs.testing.KafkaTestBroker;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingest into the ledger, and what is built from it: the daily report and the Go/No-Go. */
class LedgerIngestITCase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DAY = 86_400_000L;
    private static final List<String> TABLES = List.of("order_events", "orders", "fills", "tca", "daily_pnl", "risk_history");
    private static KafkaTestBroker broker;
    private static final List<Object[]> SENT = new ArrayList<>();
    private static long now;
    private static LocalDate today;

    @TempDir
    Path dir;

    @BeforeAll
    static void produceAMonthOfTrading() throws Exception {
        broker = KafkaTestBroker.start();
        now = System.currentTimeMillis();
        today = LocalDate.now(ZoneOffset.UTC);
        long midnight = today.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        // 20 completed days of account records with returns alternating 0.2% and 0.4%; day -5 did not trade.
        for (int d = 21; d >= 1; d--) {
            if (d == 5) {
                continue;
            }
            double r = d % 2 == 0 ? 0.002 : 0.004;
            record(Topics.KPIS, "_global", Records.global(midnight - d * DAY + DAY / 2, 0.9, 0.001, 3, 0, 100_000, 100_000 * (1 + r)));
        }
        // Today: 30 orders across two symbols, each placed, acked in 40-69 ms and filled, with its TCA, all
        // within today even just after midnight (UTC), when the hour before now began yesterday.
        long first = Math.max(now - 3_600_000, midnight);
        long spacing = Math.max(1, (now - first - 1_000) / 30);
        for (int i = 0; i < 30; i++) {
            String symbol = i % 2 == 0 ? "BTCUSDT" : "ETHUSDT";
            String id = "o-" + i;
            long t = first + i * spacing;
            record(Topics.ORDERS, symbol, Records.placed(id, symbol, t, i % 10 == 0));
            record(Topics.ORDERS, symbol, Records.acked(id, symbol, t + 40 + i, 40.0 + i, i % 10 == 0));
            OrderEvent fill = Records.fill(id, symbol, t + 500, 1.0, 100.01, i % 10 == 0);
            record(Topics.ORDERS, symbol, fill);
            record(Topics.TCA, id, Records.tca(fill, 1.0));
        }
        record(Topics.KPIS, "_global", Records.global(now - 60_000, 0.6, 0.002, 4, 1, 100_000, 99_800));
        record(Topics.GATE_DECISIONS, "BTCUSDT", Records.healthy("BTCUSDT", 1, now, 0.05));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    private static void record(String topic, String key, Object value) throws Exception {
        send(broker, topic, key, value);
        SENT.add(new Object[] {topic, key, value});
    }

    @Test
    void replayingEveryTopicTwiceChangesNothing() throws Exception {
        KitConfig config = SidecarHarness.config(broker.bootstrap(), dir, Map.of());
        Map<String, List<String>> first;
        try (Sidecar sidecar = SidecarHarness.assemble(config)) {
            await("every order event", () -> count(sidecar, "order_events") >= 90 && count(sidecar, "tca") >= 30);
            first = snapshot(sidecar);
            assertThat(first.get("orders")).hasSize(30);
            assertThat(first.get("fills")).hasSize(30);
            assertThat(first.get("daily_pnl")).hasSize(21);

            // The same records again, as a replaying job or an engine retrying would send them.
            for (Object[] record : SENT) {
                send(broker, (String) record[0], (String) record[1], record[2]);
            }
            long target = 2L * SENT.size();
            await("the duplicates to be consumed", () -> ingested(sidecar) >= target);
            assertThat(snapshot(sidecar)).isEqualTo(first);
        }
        // A restart that forgot its offsets reads every topic from the start: still nothing counts twice.
        try (var ledger = io.canarykit.admin.ledger.Ledger.open(config.kitDbUrl())) {
            ledger.transaction(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("DELETE FROM ingest_offsets");
                }
            });
        }
        try (Sidecar again = SidecarHarness.assemble(config)) {
            long target = 2L * SENT.size();
            await("the full replay", () -> ingested(again) >= target);
            assertThat(snapshot(again)).isEqualTo(first);
        }
    }

    @Test
    void dailyReportIsARealZipWithChecksummedFiles() throws Exception {
        try (Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config(broker.bootstrap(), dir, Map.of()))) {
            await("today's trading", () -> count(sidecar, "tca") >= 30 && count(sidecar, "daily_pnl") >= 21);
            SidecarHarness.http(sidecar, (server, client) -> {
                Map<String, byte[]> files = ZipFiles.unzip(get(client.getOrigin() + "/api/kit/report/today"));
                assertThat(files.keySet())
                        .containsExactly("orders.csv", "fills.csv", "pnl.csv", "tca.csv", "decisions.csv", "metadata.json");
                assertThat(lines(files.get("orders.csv"))).hasSize(31).first().asString().startsWith("order_id,symbol,side");
                assertThat(lines(files.get("fills.csv"))).hasSize(31);
                assertThat(lines(files.get("tca.csv"))).hasSize(31);
                assertThat(lines(files.get("pnl.csv"))).hasSize(2);
                JsonNode meta = JSON.readTree(files.get("metadata.json"));
                assertThat(meta.get("date").asText()).isEqualTo(today.toString());
                assertThat(meta.get("row_counts").get("orders.csv").asInt()).isEqualTo(30);
                assertThat(meta.get("model_ids").toString()).contains(Records.CHAMPION).contains(Records.CHALLENGER);
                assertThat(meta.get("limits").get("max_trades_per_day").asInt()).isEqualTo(8);
                assertThat(meta.has("generated_at")).isTrue();
                assertThat(meta.has("canary_share_history")).isTrue();
                for (String name : List.of("orders.csv", "fills.csv", "pnl.csv", "tca.csv", "decisions.csv")) {
                    assertThat(meta.get("sha256").get(name).asText()).as(name).isEqualTo(sha256(files.get(name)));
                }

                Map<String, byte[]> quiet = ZipFiles.unzip(get(client.getOrigin() + "/api/kit/report/" + today.minusDays(5)));
                for (String name : List.of("orders.csv", "fills.csv", "pnl.csv", "tca.csv", "decisions.csv")) {
                    assertThat(lines(quiet.get(name))).as("%s of a day without trading", name).hasSize(1);
                }
                assertThat(client.get("/api/kit/report/" + today.minusDays(400)).code()).isEqualTo(404);
            });
        }
    }

    @Test
    void goNoGoPassesEveryLedgerCriterionOnCleanEvidenceAndNamesEachCriterion() throws Exception {
        try (Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config(broker.bootstrap(), dir, Map.of()))) {
            await("the evidence", () -> count(sidecar, "tca") >= 30 && count(sidecar, "daily_pnl") >= 21
                    && sidecar.view().globalKpi().isPresent());
            SidecarHarness.http(sidecar, (server, client) -> {
                JsonNode verdict = SidecarApiITCase.json(client.get("/api/kit/go-no-go"), 200);
                Map<String, JsonNode> byName = new LinkedHashMap<>();
                verdict.get("criteria").forEach(c -> byName.put(c.get("name").asText() + "/" + c.get("scope").asText(), c));
                assertThat(byName.keySet()).contains("error_rate/global", "error_rate/BTCUSDT", "p95_place_ms/ETHUSDT",
                        "slippage_bps/global", "slippage_bps/BTCUSDT", "dd_today/global", "rehydrate_seconds/sidecar",
                        "orphans/global", "no_tca_events_5m/global", "budget_depleted/global", "sharpe_rolling_20d/global");
                // 15 acked per symbol at 40..69 ms: nearest rank ceil(0.95 * 15) = 15th, the largest: 68 ms for BTC (even i).
                assertThat(byName.get("p95_place_ms/BTCUSDT").get("value").asDouble()).isEqualTo(68.0);
                assertThat(byName.get("error_rate/global").get("value").asDouble()).isZero();
                assertThat(byName.get("slippage_bps/global").get("value").asDouble()).isEqualTo(1.0);
                assertThat(byName.get("dd_today/global").get("value").asDouble()).isEqualTo(0.002);
                // Returns alternate 0.2% and 0.4% over 20 days: mean 0.003, sample sd 0.0010260;
                // 0.003 / 0.0010260 * sqrt(252) = 46.42.
                assertThat(byName.get("sharpe_rolling_20d/global").get("value").asDouble()).isBetween(46.3, 46.5);
                // Without PROMETHEUS_URL nothing evaluates the alert rules, so "no critical alerts" has no
                // evidence and the verdict cannot be GO; every criterion read from the ledger passes.
                // (PrometheusAlertsITCase sees the same criterion pass with a real Prometheus.)
                assertThat(byName.get("critical_alerts/global").get("status").asText()).isEqualTo("insufficient_data");
                byName.values().stream().filter(c -> !c.get("name").asText().equals("critical_alerts"))
                        .forEach(c -> assertThat(c.get("pass").asBoolean()).as(c.toString()).isTrue());
                assertThat(verdict.get("verdict").asText()).isEqualTo("NO-GO");
                assertThat(verdict.get("window").get("to").asLong() - verdict.get("window").get("from").asLong())
                        .isEqualTo(48 * 3_600_000L);
            });
        }
    }

    @Test
    void rehydratesManySymbolsWellWithinFiveSeconds() throws Exception {
        long t = System.currentTimeMillis();
        for (int seq = 1; seq <= 3; seq++) {
            for (int s = 0; s < 300; s++) {
                send(broker, Topics.GATE_DECISIONS, "SYM" + s, Records.healthy("SYM" + s, seq, t + seq, 0.05));
            }
        }
        try (Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config(broker.bootstrap(), dir, Map.of()))) {
            long millis = sidecar.view().rehydrateMillis().orElseThrow();
            System.out.println("rehydrated 900 decision records (300 symbols) plus the ledger in " + millis + " ms");
            assertThat(millis).isLessThan(5_000);
            assertThat(sidecar.view().decision("SYM7").orElseThrow().decision().seq()).isEqualTo(3);
        }
    }

    private static long ingested(Sidecar sidecar) {
        return sidecar.recordsConsumed();
    }

    private static long count(Sidecar sidecar, String table) {
        return sidecar.ledger().transaction(c -> {
            try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                return rows.next() ? rows.getLong(1) : 0L;
            }
        });
    }

    private static Map<String, List<String>> snapshot(Sidecar sidecar) {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        for (String table : TABLES) {
            tables.put(table, sidecar.ledger().transaction(c -> {
                List<String> rows = new ArrayList<>();
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
                    int columns = r.getMetaData().getColumnCount();
                    while (r.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= columns; i++) {
                            row.append(r.getString(i)).append('|');
                        }
                        rows.add(row.toString());
                    }
                }
                return rows;
            }));
        }
        return tables;
    }

    private static byte[] get(String url) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/zip");
        return response.body();
    }

    private static List<String> lines(byte[] csv) {
        return new String(csv, StandardCharsets.UTF_8).lines().toList();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
