package io.canarykit.admin.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.admin.gonogo.Criterion;
import io.canarykit.admin.gonogo.GoNoGo;
import io.canarykit.admin.report.DailyReport;
import io.canarykit.admin.view.StateView;
import io.canarykit.config.KitConfig;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.Side;
import io.canarykit.schema.TcaRecord;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger keeps which orders, fills and TCA records are the challenger's paper ones, and the report says so. */
class ShadowLedgerTest {

    private static final long T = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    @TempDir
    Path dir;

    @Test
    void theReportMarksPaperOrdersFillsAndTcaRecords() throws Exception {
        try (Ledger ledger = Ledger.open("jdbc:sqlite:" + dir.resolve("kit.db"))) {
            ingest(ledger, event(T, OrderEventType.PLACED, "o-1", false, false));
            ingest(ledger, event(T + 100, OrderEventType.FILL, "o-1", false, false));
            ingest(ledger, event(T + 200, OrderEventType.PLACED, "s-1", true, true));
            // The paper order's fill does not repeat the flag: its placement said it.
            ingest(ledger, event(T + 300, OrderEventType.FILL, "s-1", true, false));
            tca(ledger, record("o-1", T + 100, false));
            tca(ledger, record("s-1", T + 300, true));
            DailyReport report = new DailyReport(ledger, KitConfig.defaults(), () -> T + 3_600_000L);

            Map<String, List<String>> csv = csvs(report.build(LocalDate.of(2026, 1, 1)).orElseThrow());
            for (String file : List.of("orders.csv", "fills.csv", "tca.csv")) {
                assertThat(column(csv.get(file), "order_id", "shadow")).as(file)
                        .containsExactly(List.of("o-1", "0"), List.of("s-1", "1"));
                assertThat(column(csv.get(file), "order_id", "canary")).as(file)
                        .containsExactly(List.of("o-1", "0"), List.of("s-1", "1"));
            }
        }
    }

    @Test
    void aPaperOrderWithoutAnAnswerIsNoOrphan() {
        try (Ledger ledger = Ledger.open("jdbc:sqlite:" + dir.resolve("kit.db"))) {
            ingest(ledger, event(T, OrderEventType.PLACED, "o-1", false, false));
            ingest(ledger, event(T, OrderEventType.PLACED, "s-1", true, true));
            // 10 s later, with a 5 s timeout: the live order is an orphan, the paper one went to no venue.
            assertThat(ledger.<Long>transaction(c -> OrphanCounts.current(c, T + 10_000, 5_000, null))).isEqualTo(1L);
            assertThat(ledger.<Long>transaction(c -> OrphanCounts.today(c, T + 10_000, 5_000, null))).isEqualTo(1L);
        }
    }

    @Test
    void goNoGoJudgesTheLiveDeskOnly() {
        try (Ledger ledger = Ledger.open("jdbc:sqlite:" + dir.resolve("kit.db"))) {
            // Live: placed, acked in 40 ms, filled at 1 bp. Paper: placed and rejected, and a paper fill at 50 bps.
            ingest(ledger, event(T, OrderEventType.PLACED, "o-1", false, false));
            ingest(ledger, new OrderEvent(T + 40, OrderEventType.ACKED, "o-1", "BTCUSDT", Side.BUY, "main", "champion",
                    false, null, null, null, 40.0, null, null, null));
            ingest(ledger, event(T + 100, OrderEventType.FILL, "o-1", false, false));
            ingest(ledger, event(T + 200, OrderEventType.PLACED, "s-1", true, true));
            ingest(ledger, new OrderEvent(T + 250, OrderEventType.REJECTED, "s-1", "BTCUSDT", Side.BUY, "main", "challenger",
                    true, null, null, null, null, null, null, null, true));
            ingest(ledger, event(T + 300, OrderEventType.PLACED, "s-2", true, true));
            ingest(ledger, new OrderEvent(T + 350, OrderEventType.ACKED, "s-2", "BTCUSDT", Side.BUY, "main", "challenger",
                    true, null, null, null, 900.0, null, null, null, true));
            tca(ledger, withSlippage(record("o-1", T + 100, false), 1.0));
            tca(ledger, withSlippage(record("s-3", T + 400, true), 50.0));
            GoNoGo.Verdict verdict = new GoNoGo(ledger, new StateView(() -> T + 60_000), KitConfig.defaults())
                    .judge(GoNoGo.DEFAULT_WINDOW_MS);

            // 0 failed of 1 live placed (the paper rejection would make it 1 of 3); p95 of the one live ack, 40 ms
            // (not the paper 900); slippage of the live fill alone, 1 bp (not (1 + 50) / 2).
            assertThat(global(verdict, "error_rate").value()).isEqualTo(0.0);
            assertThat(global(verdict, "p95_place_ms").value()).isEqualTo(40.0);
            assertThat(global(verdict, "slippage_bps").value()).isEqualTo(1.0);
        }
    }

    @Test
    void rowsOfALedgerBeforeShadowOrdersAreLive() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("kit.db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL,"
                    + " applied_at INTEGER NOT NULL)");
            for (Migrations.Migration m : Migrations.ALL) {
                if (m.version() >= 6) {
                    break;
                }
                for (String sql : m.statements()) {
                    s.execute(sql);
                }
                s.execute("INSERT INTO schema_version VALUES (" + m.version() + ", 'before', 0)");
            }
            s.execute("INSERT INTO fills(fill_key, order_id, symbol, ts, day, side, account, model_id, canary, fill_qty,"
                    + " fill_px, fee, notional) VALUES ('k', 'o-1', 'BTCUSDT', 1, '1970-01-01', 'buy', 'main', 'm', 1, 1, 1, 0, 1)");
        }
        try (Ledger ledger = Ledger.open(url)) {
            Map<String, Integer> shadow = ledger.transaction(c -> {
                Map<String, Integer> out = new HashMap<>();
                try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SELECT fill_key, shadow FROM fills")) {
                    while (rows.next()) {
                        out.put(rows.getString(1), rows.getInt(2));
                    }
                }
                return out;
            });
            assertThat(shadow).containsExactly(Map.entry("k", 0));
        }
    }

    private static void ingest(Ledger ledger, OrderEvent e) {
        ledger.transaction(c -> LedgerIngest.orderEvent(c, e, "{}"));
    }

    private static void tca(Ledger ledger, TcaRecord r) {
        ledger.transaction(c -> LedgerIngest.tca(c, r));
    }

    private static OrderEvent event(long ts, OrderEventType type, String id, boolean canary, boolean shadow) {
        boolean fill = type == OrderEventType.FILL;
        return new OrderEvent(ts, type, id, "BTCUSDT", Side.BUY, "main", canary ? "challenger" : "champion", canary,
                1.0, null, fill ? null : 100.0, null, fill ? 1.0 : null, fill ? 100.0 : null, fill ? 0.0 : null, shadow);
    }

    private static TcaRecord record(String id, long ts, boolean shadow) {
        return new TcaRecord(id, "BTCUSDT", ts, Side.BUY, shadow ? "challenger" : "champion", shadow, 1.0, 100.0, 100.0,
                100.0, 0.0, 0.0, null, null, true, shadow);
    }

    private static TcaRecord withSlippage(TcaRecord r, double bps) {
        return new TcaRecord(r.orderId(), r.symbol(), r.ts(), r.side(), r.modelId(), r.canary(), r.fillQty(), r.fillPx(),
                r.arrivalMid(), r.notional(), r.fee(), bps, r.placeMs(), r.markoutsBps(), r.isFinal(), r.shadow());
    }

    private static Criterion global(GoNoGo.Verdict verdict, String name) {
        return verdict.criteria().stream().filter(c -> c.name().equals(name) && c.scope().equals("global")).findFirst()
                .orElseThrow(() -> new AssertionError("no global " + name + " in " + verdict.criteria()));
    }

    /** Each row's values of the two named columns, the header read for their places. */
    private static List<List<String>> column(List<String> lines, String key, String name) {
        List<String> header = List.of(lines.get(0).split(",", -1));
        int k = header.indexOf(key);
        int n = header.indexOf(name);
        assertThat(n).as("column " + name + " in " + header).isNotNegative();
        return lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).map(f -> List.of(f[k], f[n])).toList();
    }

    private static Map<String, List<String>> csvs(byte[] zip) throws Exception {
        Map<String, List<String>> out = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
            }
        }
        return out;
    }
}
