package io.canarykit.admin.report;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarykit.admin.json.ApiJson;
import io.canarykit.admin.ledger.Ledger;
import io.canarykit.admin.ledger.UtcDay;
import io.canarykit.config.KitConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The daily report of one UTC day: {@code orders.csv}, {@code fills.csv}, {@code pnl.csv},
 * {@code tca.csv}, {@code decisions.csv} and {@code metadata.json} (with the sha256 of every file) in one ZIP.
 */
public final class DailyReport {

    /** One CSV of the report: its file name and the query of its rows for a day. */
    private record Table(String file, String sql) {}

    private static final List<Table> TABLES = List.of(
            new Table("orders.csv", """
                    SELECT o.order_id, o.symbol, o.side, o.account, o.model_id, o.canary, o.shadow, o.qty, o.price,
                           o.arrival_mid,
                           o.placed_ts, o.answer, o.answered_ts, o.place_ms, o.last_event, o.last_ts,
                           (SELECT COALESCE(SUM(f.fill_qty), 0) FROM fills f WHERE f.order_id = o.order_id) AS filled_qty
                    FROM orders o WHERE o.day = ? ORDER BY o.first_ts, o.order_id"""),
            new Table("fills.csv", """
                    SELECT order_id, symbol, ts, side, account, model_id, canary, shadow, fill_qty, fill_px, fee, notional
                    FROM fills WHERE day = ? ORDER BY ts, fill_key"""),
            new Table("pnl.csv", """
                    SELECT day, ts, start_of_day_equity, equity, peak_equity, realised_pnl, fees, unrealised_pnl,
                           dd_today, max_dd_today, trades_today, total_trades, canary_trades_total, budget_left,
                           canary_notional_share
                    FROM daily_pnl WHERE day = ?"""),
            new Table("tca.csv", """
                    SELECT order_id, symbol, ts, side, model_id, canary, shadow, fill_qty, fill_px, arrival_mid, notional, fee,
                           slippage_bps, place_ms, markout_1s_bps, markout_5s_bps, markout_60s_bps, final
                    FROM tca WHERE day = ? ORDER BY ts, fill_key"""),
            // Every change of a symbol's mode, size multiplier and reasons that day; reasons joined by ';'.
            new Table("decisions.csv", """
                    SELECT symbol, ts, seq, mode, size_multiplier, allow, reasons, psi, model_id
                    FROM decision_changes WHERE day = ? ORDER BY ts, symbol, seq"""));

    private final Ledger ledger;
    private final KitConfig config;
    private final LongSupplier clock;

    public DailyReport(Ledger ledger, KitConfig config, LongSupplier clock) {
        this.ledger = ledger;
        this.config = config;
        this.clock = clock;
    }

    /** Today's markouts of one symbol, model and horizon: how many fills have one, and their sum in bps. */
    public record MarkoutSummary(String symbol, String modelId, String horizon, long count, double sumBps) {}

    /**
     * Today's (UTC) markouts of final TCA records, per symbol, model and horizon; a markout that is
     * unknown (null) counts in neither the count nor the sum.
     */
    public List<MarkoutSummary> markoutsToday() {
        String day = UtcDay.of(clock.getAsLong());
        return ledger.transaction(c -> {
            List<MarkoutSummary> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("""
                    SELECT symbol, model_id,
                           COUNT(markout_1s_bps), TOTAL(markout_1s_bps), COUNT(markout_5s_bps), TOTAL(markout_5s_bps),
                           COUNT(markout_60s_bps), TOTAL(markout_60s_bps)
                    FROM tca WHERE day = ? AND final = 1 GROUP BY symbol, model_id ORDER BY symbol, model_id""")) {
                q.setString(1, day);
                try (ResultSet rows = q.executeQuery()) {
                    while (rows.next()) {
                        String[] horizons = {"1s", "5s", "60s"};
                        for (int i = 0; i < horizons.length; i++) {
                            out.add(new MarkoutSummary(rows.getString(1), rows.getString(2), horizons[i],
                                    rows.getLong(3 + 2 * i), rows.getDouble(4 + 2 * i)));
                        }
                    }
                }
            }
            return out;
        });
    }

    /** Today's UTC date. */
    public LocalDate today() {
        return LocalDate.parse(UtcDay.of(clock.getAsLong()));
    }

    /**
     * The ZIP of {@code day}, or empty when the ledger does not cover that day (before its first day, or
     * after today). A covered day with no trading gives header-only files.
     */
    public Optional<byte[]> build(LocalDate day) {
        return ledger.transaction(c -> {
            if (!covers(c, day)) {
                return Optional.<byte[]>empty();
            }
            Map<String, byte[]> files = new LinkedHashMap<>();
            Map<String, Integer> rowCounts = new LinkedHashMap<>();
            for (Table table : TABLES) {
                ByteArrayOutputStream csv = new ByteArrayOutputStream();
                rowCounts.put(table.file(), writeCsv(c, table.sql(), day.toString(), csv));
                files.put(table.file(), csv.toByteArray());
            }
            files.put("metadata.json", metadata(c, day, files, rowCounts));
            return Optional.of(zip(files));
        });
    }

    private boolean covers(Connection c, LocalDate day) throws SQLException {
        if (day.isAfter(today())) {
            return false;
        }
        try (PreparedStatement q = c.prepareStatement("""
                SELECT MIN(d) FROM (
                  SELECT MIN(day) AS d FROM orders UNION ALL SELECT MIN(day) FROM fills UNION ALL SELECT MIN(day) FROM tca
                  UNION ALL SELECT MIN(day) FROM daily_pnl UNION ALL SELECT MIN(day) FROM decision_changes)""");
                ResultSet rows = q.executeQuery()) {
            String firstData = rows.next() ? rows.getString(1) : null;
            LocalDate first = created(c);
            if (firstData != null && LocalDate.parse(firstData).isBefore(first)) {
                first = LocalDate.parse(firstData);
            }
            return !day.isBefore(first);
        }
    }

    private static LocalDate created(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT MIN(applied_at) FROM schema_version");
                ResultSet rows = q.executeQuery()) {
            return LocalDate.parse(UtcDay.of(rows.next() ? rows.getLong(1) : 0));
        }
    }

    private static int writeCsv(Connection c, String sql, String day, OutputStream out) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, day);
            try (ResultSet rows = q.executeQuery()) {
                ResultSetMetaData meta = rows.getMetaData();
                String[] header = new String[meta.getColumnCount()];
                for (int i = 0; i < header.length; i++) {
                    header[i] = meta.getColumnLabel(i + 1);
                }
                int count = 0;
                Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                try (CSVPrinter printer = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setHeader(header).get())) {
                    while (rows.next()) {
                        for (int i = 1; i <= header.length; i++) {
                            printer.print(rows.getObject(i));
                        }
                        printer.println();
                        count++;
                    }
                }
                return count;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] metadata(Connection c, LocalDate day, Map<String, byte[]> files, Map<String, Integer> rowCounts)
            throws SQLException {
        ObjectNode meta = ApiJson.object();
        meta.put("date", day.toString());
        meta.put("generated_at", Instant.ofEpochMilli(clock.getAsLong()).toString());
        var models = meta.putArray("model_ids");
        modelIds(c, day.toString()).forEach(models::add);
        var history = meta.putArray("canary_share_history");
        try (PreparedStatement q = c.prepareStatement("""
                SELECT ts, symbol, source, share, champion, challenger FROM canary_share_history
                WHERE ts >= ? AND ts < ? ORDER BY ts, symbol, source""")) {
            q.setLong(1, UtcDay.start(day));
            q.setLong(2, UtcDay.start(day.plusDays(1)));
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    ObjectNode change = history.addObject();
                    change.put("ts", rows.getLong(1));
                    change.put("symbol", rows.getString(2));
                    change.put("source", rows.getString(3));
                    change.put("share", rows.getDouble(4));
                    change.put("champion", rows.getString(5));
                    change.put("challenger", rows.getString(6));
                }
            }
        }
        ObjectNode limits = meta.putObject("limits");
        limits.put("risk_per_trade_pct", config.riskPerTradePct());
        limits.put("max_open_positions", config.maxOpenPositions());
        limits.put("max_trades_per_day", config.maxTradesPerDay());
        limits.put("max_daily_drawdown_pct", config.maxDailyDrawdownPct());
        limits.put("canary_notional_cap", config.canaryNotionalCap());
        limits.put("slippage_slo_bps", config.slippageSloBps());
        limits.set("slippage_slo_bps_per_symbol", ApiJson.MAPPER.valueToTree(new java.util.TreeMap<>(config.slippageSloBpsPerSymbol())));
        ObjectNode counts = meta.putObject("row_counts");
        rowCounts.forEach(counts::put);
        ObjectNode sums = meta.putObject("sha256");
        files.forEach((name, bytes) -> sums.put(name, sha256(bytes)));
        try {
            return ApiJson.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(meta);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TreeSet<String> modelIds(Connection c, String day) throws SQLException {
        TreeSet<String> ids = new TreeSet<>();
        try (PreparedStatement q = c.prepareStatement(
                "SELECT model_id FROM orders WHERE day = ? UNION SELECT model_id FROM tca WHERE day = ?")) {
            q.setString(1, day);
            q.setString(2, day);
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        return ids;
    }

    private static byte[] zip(Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The lowercase hex sha256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
