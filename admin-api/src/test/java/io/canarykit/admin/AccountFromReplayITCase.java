package io.canarykit.admin;

import static io.canarykit.admin.testing.SidecarHarness.await;
import static io.canarykit.jobs.testing.AccountSession.NEXT_MIDNIGHT;
import static io.canarykit.jobs.testing.AccountSession.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.admin.pnl.PaperPnl;
import io.canarykit.admin.testing.SidecarHarness;
import io.canarykit.admin.testing.ZipFiles;
import io.canarykit.jobs.replay.DailyPnl;
import io.canarykit.jobs.replay.Replay;
import io.canarykit.jobs.replay.ReplayResult;
import io.canarykit.jobs.testing.AccountSession;
import io.canarykit.jobs.testing.KafkaTestBroker;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.TcaRecord;
import io.canarykit.schema.Topics;
import io.canarykit.schema.codec.JsonCodec;
import io.javalin.testtools.Response;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sidecar on the output of a real {@code kit replay} of {@link AccountSession}, not on hand-made
 * records: the job's kpis, TCA and decisions (and the session's orders) go through the broker to the
 * ingest, and pnl.csv, {@code GET /api/kit/risk}, the paper import and Go/No-Go's Sharpe are checked
 * against the session's figures worked by hand (see {@code AccountReplayITCase} in the jobs module);
 * {@code GET /api/kit/slo} and {@code /metrics} against the newest account record the job wrote.
 */
class AccountFromReplayITCase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double EPS = 1e-9;

    @TempDir
    static Path work;

    private static KafkaTestBroker broker;
    private static ReplayResult replay;
    private static long sent;

    @BeforeAll
    static void replayAndPublish() throws Exception {
        replay = AccountSession.replay(work.resolve("in"));
        Replay.write(replay, work.resolve("out"));
        broker = KafkaTestBroker.start();
        for (String order : Files.readAllLines(work.resolve("in").resolve("orders.jsonl"), StandardCharsets.UTF_8)) {
            broker.send(Topics.ORDERS, AccountSession.SYMBOL, order);
            sent++;
        }
        for (KpiRecord k : replay.kpis()) {
            broker.send(Topics.KPIS, k.symbol(), JsonCodec.encode(k));
            sent++;
        }
        for (TcaRecord t : replay.tca()) {
            broker.send(Topics.TCA, t.orderId(), JsonCodec.encode(t));
            sent++;
        }
        for (GateDecision d : replay.decisions()) {
            broker.send(Topics.GATE_DECISIONS, d.symbol(), JsonCodec.encode(d));
            sent++;
        }
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @Test
    void pnlCsvRiskSloAndMetricsCarryTheJobsAccountFigures(@TempDir Path dir) throws Exception {
        try (Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config(broker.bootstrap(), dir, Map.of()))) {
            await("the replay's records", () -> sidecar.recordsConsumed() >= sent);
            SidecarHarness.http(sidecar, (server, client) -> {
                java.net.http.HttpResponse<byte[]> report = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(client.getOrigin() + "/api/kit/report/2026-01-05"))
                                .build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                assertThat(report.statusCode()).isEqualTo(200);
                CSVRecord day1 = singleRow(ZipFiles.unzip(report.body()).get("pnl.csv"));
                // The day's last _global record (+8 s): 100,000 - 4 realised - 1.5 fees - 24 unrealised.
                assertThat(day1.get("ts")).isEqualTo(Long.toString(T0 + 8_000));
                assertThat(number(day1, "start_of_day_equity")).isCloseTo(100_000.0, within(EPS));
                assertThat(number(day1, "equity")).isCloseTo(99_970.5, within(EPS));
                assertThat(number(day1, "peak_equity")).isCloseTo(100_049.0, within(EPS));
                assertThat(number(day1, "realised_pnl")).isCloseTo(-4.0, within(EPS));
                assertThat(number(day1, "fees")).isCloseTo(1.5, within(EPS));
                assertThat(number(day1, "unrealised_pnl")).isCloseTo(-24.0, within(EPS));
                // The day's true drawdown, untouched by the reset at +4 s: (100,049 - 99,970.5) / 100,000.
                assertThat(number(day1, "dd_today")).isCloseTo(0.000785, within(EPS));
                assertThat(number(day1, "max_dd_today")).isCloseTo(0.000785, within(EPS));
                assertThat(day1.get("trades_today")).isEqualTo("2");
                // The budget since the reset: 1 - max(0.00012 / 0.01, 1 / 8).
                assertThat(number(day1, "budget_left")).isCloseTo(0.875, within(EPS));

                // The newest account record, day 2 at +3 s: 6 held from 100 at 97, opened at 99,970.5.
                JsonNode risk = JSON.readTree(client.get("/api/kit/risk").body().string());
                assertThat(risk.get("kpi_ts").asLong()).isEqualTo(NEXT_MIDNIGHT + 3_000);
                assertThat(risk.get("equity").asDouble()).isCloseTo(99_976.5, within(EPS));
                assertThat(risk.get("start_of_day_equity").asDouble()).isCloseTo(99_970.5, within(EPS));
                assertThat(risk.get("peak_equity").asDouble()).isCloseTo(99_976.5, within(EPS));
                assertThat(risk.get("realised_pnl").asDouble()).isCloseTo(0.0, within(EPS));
                assertThat(risk.get("fees").asDouble()).isCloseTo(0.0, within(EPS));
                assertThat(risk.get("unrealised_pnl").asDouble()).isCloseTo(6.0, within(EPS));
                assertThat(risk.get("dd_today").asDouble()).isCloseTo(0.0, within(EPS));
                assertThat(risk.get("dd_since_reset").asDouble()).isCloseTo(0.0, within(EPS));
                assertThat(risk.get("trades_today").asLong()).isZero();
                assertThat(risk.get("trades_since_reset").asLong()).isZero();
                assertThat(risk.get("open_positions").asInt()).isEqualTo(1);
                assertThat(risk.get("budget_left").asDouble()).isEqualTo(1.0);

                // The account-wide SLO answer and the gauges read the same newest record, as the job wrote it.
                JsonNode written = JSON.readTree(JsonCodec.encode(newestGlobal()));
                JsonNode slo = JSON.readTree(client.get("/api/kit/slo").body().string());
                assertThat(slo.get("kpi_ts").asLong()).isEqualTo(NEXT_MIDNIGHT + 3_000);
                for (String field : List.of("error_rate", "p95_place_ms", "slippage_bps", "samples", "windows")) {
                    assertThat(slo.get(field)).as(field).isEqualTo(written.get(field));
                }
                String metrics = client.get("/metrics").body().string();
                assertThat(metrics).contains("\ndaily_budget_left 1.0\n")
                        .contains("\ntotal_trades " + written.get("total_trades").asLong() + ".0\n");
            });
        }
    }

    @Test
    void importPnlLoadsTheReplaysCompletedDaysAsPaperWithAnAuditEntry(@TempDir Path dir) throws Exception {
        String csv = Files.readString(work.resolve("out").resolve(DailyPnl.FILE), StandardCharsets.UTF_8);
        try (Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config(broker.bootstrap(), dir, Map.of()))) {
            SidecarHarness.http(sidecar, (server, client) -> {
                JsonNode answer = JSON.readTree(client.post("/api/kit/pnl/paper?source=paper-run-1", csv).body().string());
                assertThat(answer.get("ok").asBoolean()).as(answer.toString()).isTrue();
                assertThat(answer.get("kind").asText()).isEqualTo("paper");
                assertThat(answer.get("days").asInt()).isEqualTo(1);
                assertThat(answer.get("first_day").asText()).isEqualTo("2026-01-05");
                // The replay ended during 2026-01-06: its figures are not final, so it is left out.
                assertThat(answer.get("left_out_incomplete").toString()).isEqualTo("[\"2026-01-06\"]");

                // A file with a bad line is refused whole.
                Response bad = client.post("/api/kit/pnl/paper?source=bad", DailyPnl.HEADER + "\n2026-01-07,x,,1,1,0,0,0,,0,1,true\n");
                assertThat(bad.code()).isEqualTo(400);
                assertThat(bad.body().string()).contains("line 2").contains("pnl must be a number");
            });
            // The day's return, -29.5 / 100,000, marked as paper and audited with the file's sha256.
            sidecar.ledger().transaction(c -> {
                try (PreparedStatement q = c.prepareStatement("SELECT day, daily_return, pnl, source FROM paper_daily_pnl");
                        ResultSet rows = q.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isEqualTo("2026-01-05");
                    assertThat(rows.getDouble(2)).isCloseTo(-0.000295, within(EPS));
                    assertThat(rows.getDouble(3)).isCloseTo(-29.5, within(EPS));
                    assertThat(rows.getString(4)).isEqualTo("paper-run-1");
                    assertThat(rows.next()).as("only the completed day").isFalse();
                }
                try (PreparedStatement q = c.prepareStatement("SELECT payload FROM audit_log WHERE action = ?")) {
                    q.setString(1, PaperPnl.ACTION);
                    try (ResultSet rows = q.executeQuery()) {
                        assertThat(rows.next()).isTrue();
                        JsonNode payload = JSON.readTree(rows.getString(1));
                        assertThat(payload.get("kind").asText()).isEqualTo("paper");
                        assertThat(payload.get("sha256").asText()).isEqualTo(sha256(csv));
                        assertThat(rows.next()).as("the refused file is not imported").isFalse();
                    }
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                return null;
            });
            assertThat(sidecar.audit().verify().intact()).isTrue();
        }
    }

    @Test
    void sharpeUsesLiveDaysFirstThenPaperDaysAndSaysWhereTheyCameFrom(@TempDir Path dir) throws Exception {
        // 20 paper days, 2025-11-01 to 2025-11-20, returns alternating 0.2% and 0.4% on 100,000.
        StringBuilder paper = new StringBuilder("day,pnl,start_of_day_equity\n");
        Map<String, Double> returns = new HashMap<>();
        for (int d = 1; d <= 20; d++) {
            double pnl = d % 2 == 0 ? 200.0 : 400.0;
            String day = String.format("2025-11-%02d", d);
            paper.append(day).append(',').append(pnl).append(",100000\n");
            returns.put(day, pnl / 100_000);
        }
        // The job's two days of the replay, from the ledger: -29.5 / 100,000 and 6 / 99,970.5.
        returns.put("2026-01-05", 99_970.5 / 100_000 - 1);
        returns.put("2026-01-06", 99_976.5 / 99_970.5 - 1);
        try (Sidecar sidecar = SidecarHarness.assemble(SidecarHarness.config(broker.bootstrap(), dir, Map.of()))) {
            await("the replay's records", () -> sidecar.recordsConsumed() >= sent);
            SidecarHarness.http(sidecar, (server, client) -> {
                assertThat(client.post("/api/kit/pnl/paper?source=nov-paper.csv", paper.toString()).code()).isEqualTo(200);
                JsonNode verdict = JSON.readTree(client.get("/api/kit/go-no-go").body().string());
                JsonNode sharpe = null;
                for (JsonNode c : verdict.get("criteria")) {
                    if (c.get("name").asText().equals("sharpe_rolling_20d")) {
                        sharpe = c;
                    }
                }
                assertThat(sharpe).isNotNull();
                // The last 20 days: 2025-11-03 .. 2025-11-20 (paper) and the replay's two (live).
                List<String> last = new ArrayList<>(new java.util.TreeSet<>(returns.keySet()));
                last = last.subList(last.size() - 20, last.size());
                assertThat(sharpe.get("value").asDouble()).isCloseTo(bruteForceSharpe(last, returns), within(1e-9));
                assertThat(sharpe.get("detail").asText()).contains("2025-11-03 to 2026-01-06")
                        .contains("2 live from daily_pnl, 18 paper imported from nov-paper.csv").contains("sqrt 252");
            });
        }
    }

    /** The replay's last account-wide KPI record. */
    private static KpiRecord newestGlobal() {
        return replay.kpis().stream().filter(k -> k.symbol().equals(KpiRecord.GLOBAL))
                .max(Comparator.comparingLong(KpiRecord::ts)).orElseThrow();
    }

    // Mean over sample standard deviation, times sqrt(252), written out again here from the definition.
    private static double bruteForceSharpe(List<String> days, Map<String, Double> returns) {
        double sum = 0;
        for (String d : days) {
            sum += returns.get(d);
        }
        double mean = sum / days.size();
        double squares = 0;
        for (String d : days) {
            squares += Math.pow(returns.get(d) - mean, 2);
        }
        return mean / Math.sqrt(squares / (days.size() - 1)) * Math.sqrt(252);
    }

    private static CSVRecord singleRow(byte[] csv) throws Exception {
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(new String(csv, StandardCharsets.UTF_8))).getRecords();
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private static double number(CSVRecord row, String column) {
        return Double.parseDouble(row.get(column));
    }

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
