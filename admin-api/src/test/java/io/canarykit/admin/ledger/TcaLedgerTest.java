package io.canarykit.admin.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.canarykit.admin.report.DailyReport;
import io.canarykit.config.KitConfig;
import io.canarykit.schema.Side;
import io.canarykit.schema.TcaRecord;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TcaLedgerTest {

    private static final long T = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    @TempDir
    Path dir;

    @Test
    void keepsTheFinalRecordOfAFillAndARedeliveredFirstRecordDoesNotUndoIt() {
        try (Ledger ledger = Ledger.open("jdbc:sqlite:" + dir.resolve("kit.db"))) {
            TcaRecord first = record("o1", T, 1.0, 100.0, markouts(null, null, null), false);
            TcaRecord done = record("o1", T, 1.0, 100.0, markouts(5.0, -10.0, 30.0), true);

            assertThat(ingest(ledger, first)).isTrue();
            assertThat(ingest(ledger, done)).isTrue();
            assertThat(ingest(ledger, first)).as("a redelivered first record").isFalse();
            assertThat(ingest(ledger, done)).as("a repeated final record").isFalse();

            assertThat(row(ledger, done.fillKey())).containsExactly(5.0, -10.0, 30.0, 1.0);
        }
    }

    @Test
    void twoFillsOfOneOrderAreTwoRows() {
        try (Ledger ledger = Ledger.open("jdbc:sqlite:" + dir.resolve("kit.db"))) {
            ingest(ledger, record("o1", T, 1.0, 100.0, markouts(1.0, 2.0, 3.0), true));
            ingest(ledger, record("o1", T + 2_000, 1.0, 100.1, markouts(4.0, 5.0, 6.0), true));

            assertThat(row(ledger, TcaRecord.fillKey("o1", T, 1.0, 100.0))).containsExactly(1.0, 2.0, 3.0, 1.0);
            assertThat(row(ledger, TcaRecord.fillKey("o1", T + 2_000, 1.0, 100.1))).containsExactly(4.0, 5.0, 6.0, 1.0);
        }
    }

    @Test
    void theReportAndTheMetricsCarryTheFinalMarkouts() throws Exception {
        try (Ledger ledger = Ledger.open("jdbc:sqlite:" + dir.resolve("kit.db"))) {
            ingest(ledger, record("o1", T, 1.0, 100.0, markouts(5.0, -10.0, 30.0), true));
            ingest(ledger, record("o2", T + 1, 1.0, 100.0, markouts(1.0, 2.0, null), true));
            // Not final yet: in the report, not in the markout figures.
            ingest(ledger, record("o3", T + 2, 1.0, 100.0, markouts(null, null, null), false));
            DailyReport report = new DailyReport(ledger, KitConfig.defaults(), () -> T + 3_600_000L);

            // By hand: 1 s, 5 + 1 = 6 over 2 fills; 5 s, -10 + 2 = -8 over 2; 60 s, 30 over 1 (o2's is unknown).
            Map<String, DailyReport.MarkoutSummary> byHorizon = new HashMap<>();
            report.markoutsToday().forEach(s -> byHorizon.put(s.horizon(), s));
            assertThat(byHorizon).containsOnlyKeys("1s", "5s", "60s");
            assertThat(byHorizon.get("1s").count()).isEqualTo(2);
            assertThat(byHorizon.get("1s").sumBps()).isCloseTo(6.0, within(1e-12));
            assertThat(byHorizon.get("5s").sumBps()).isCloseTo(-8.0, within(1e-12));
            assertThat(byHorizon.get("60s").count()).isEqualTo(1);
            assertThat(byHorizon.get("60s").sumBps()).isCloseTo(30.0, within(1e-12));
            assertThat(byHorizon.get("1s").symbol()).isEqualTo("BTCUSDT");
            assertThat(byHorizon.get("1s").modelId()).isEqualTo("m1");

            List<String> csv = tcaCsv(report.build(LocalDate.of(2026, 1, 1)).orElseThrow());
            assertThat(csv.get(0)).endsWith("markout_1s_bps,markout_5s_bps,markout_60s_bps,final");
            assertThat(csv).hasSize(4);
            assertThat(csv.get(1)).startsWith("o1,").endsWith(",5.0,-10.0,30.0,1");
            assertThat(csv.get(3)).startsWith("o3,").endsWith(",,,,0");
        }
    }

    private static boolean ingest(Ledger ledger, TcaRecord r) {
        return ledger.transaction(c -> LedgerIngest.tca(c, r));
    }

    private static List<Double> row(Ledger ledger, String fillKey) {
        return ledger.transaction(c -> {
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT markout_1s_bps, markout_5s_bps, markout_60s_bps, final FROM tca WHERE fill_key = ?")) {
                q.setString(1, fillKey);
                try (ResultSet rows = q.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    return List.of(rows.getDouble(1), rows.getDouble(2), rows.getDouble(3), rows.getDouble(4));
                }
            }
        });
    }

    private static List<String> tcaCsv(byte[] zip) throws Exception {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals("tca.csv")) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
                }
            }
        }
        throw new AssertionError("no tca.csv");
    }

    private static Map<String, Double> markouts(Double oneSecond, Double fiveSeconds, Double oneMinute) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("1s", oneSecond);
        m.put("5s", fiveSeconds);
        m.put("60s", oneMinute);
        return m;
    }

    private static TcaRecord record(String orderId, long ts, double qty, double px, Map<String, Double> markouts, boolean isFinal) {
        return new TcaRecord(orderId, "BTCUSDT", ts, Side.BUY, "m1", false, qty, px, 100.0, qty * px, 0.0, 0.0, null,
                markouts, isFinal);
    }
}
