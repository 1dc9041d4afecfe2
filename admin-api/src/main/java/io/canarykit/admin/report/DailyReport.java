package io.canarykit.admin.report;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarykit.admin.json.ApiJson;
import io.canarykit.admin.ledger.Ledger;
import io.canarykit.admin.ledger.UtcDay;
import io.canarykit.admin.report.CsvQuery.Column;
import io.canarykit.admin.report.CsvQuery.Kind;
import io.canarykit.config.KitConfig;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.function.LongSupplier;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The daily report of one UTC day: {@code orders.csv}, {@code fills.csv}, {@code pnl.csv},
 * {@code tca.csv}, {@code decisions.csv} and {@code metadata.json} (with the sha256 of every file) in one ZIP,
 * streamed as it is read.
 */
public final class DailyReport {

    /**
     * One CSV of the report: its file, and the query of its lines. A table read in time slices has a
     * filter of three parameters (the day, then the slice's bounds); any other, of the day alone.
     */
    private record Table(String file, CsvQuery query, boolean sliced) {}

    private static final List<Table> TABLES = List.of(
            new Table("orders.csv", new CsvQuery(List.of(Column.text("order_id"), Column.text("symbol"),
                    Column.text("side"), Column.text("account"), Column.text("model_id"), Column.number("canary"),
                    Column.number("shadow"), Column.number("qty"), Column.number("price"), Column.number("arrival_mid"),
                    Column.number("placed_ts"), Column.text("answer"), Column.number("answered_ts"),
                    Column.number("place_ms"), Column.text("last_event"), Column.number("last_ts"),
                    new Column("filled_qty",
                            "SELECT COALESCE(SUM(f.fill_qty), 0) FROM fills f WHERE f.order_id = o.order_id", Kind.NUMBER)),
                    "orders o", "o.rowid", "o.day = ? AND o.first_ts >= ? AND o.first_ts < ?", "o.first_ts, o.order_id"), true),
            new Table("fills.csv", new CsvQuery(List.of(Column.text("order_id"), Column.text("symbol"),
                    Column.number("ts"), Column.text("side"), Column.text("account"), Column.text("model_id"),
                    Column.number("canary"), Column.number("shadow"), Column.number("fill_qty"), Column.number("fill_px"),
                    Column.number("fee"), Column.number("notional")),
                    "fills", "rowid", "day = ? AND ts >= ? AND ts < ?", "ts, fill_key"), true),
            new Table("pnl.csv", new CsvQuery(List.of(Column.text("day"), Column.number("ts"),
                    Column.number("start_of_day_equity"), Column.number("equity"), Column.number("peak_equity"),
                    Column.number("realised_pnl"), Column.number("fees"), Column.number("unrealised_pnl"),
                    Column.number("dd_today"), Column.number("max_dd_today"), Column.number("trades_today"),
                    Column.number("total_trades"), Column.number("canary_trades_total"), Column.number("budget_left"),
                    Column.number("canary_notional_share")),
                    "daily_pnl", "rowid", "day = ?", "day"), false),
            new Table("tca.csv", new CsvQuery(List.of(Column.text("order_id"), Column.text("symbol"),
                    Column.number("ts"), Column.text("side"), Column.text("model_id"), Column.number("canary"),
                    Column.number("shadow"), Column.number("fill_qty"), Column.number("fill_px"),
                    Column.number("arrival_mid"), Column.number("notional"), Column.number("fee"),
                    Column.number("slippage_bps"), Column.number("place_ms"), Column.number("markout_1s_bps"),
                    Column.number("markout_5s_bps"), Column.number("markout_60s_bps"), Column.number("final")),
                    "tca", "rowid", "day = ? AND ts >= ? AND ts < ?", "ts, fill_key"), true),
            // Every change of a symbol's mode, size multiplier and reasons that day; reasons joined by ';'.
            new Table("decisions.csv", new CsvQuery(List.of(Column.text("symbol"), Column.number("ts"),
                    Column.number("seq"), Column.text("mode"), Column.number("size_multiplier"), Column.number("allow"),
                    Column.text("reasons"), Column.number("psi"), Column.text("model_id")),
                    "decision_changes", "rowid", "day = ?", "ts, symbol, seq"), false));

    /** The queries of the files read in time slices: the day's orders, fills and TCA records, its bulk. */
    static List<CsvQuery> slicedQueries() {
        return TABLES.stream().filter(Table::sliced).map(Table::query).toList();
    }

    /** The bytes of CSV handed from the reading thread to the writing one at a time. */
    private static final int CHUNK_BYTES = 256 * 1024;
    /** Chunks in flight from each reading thread: more than a slice of the largest file fills. */
    private static final int CHUNKS_IN_FLIGHT = 8;
    /**
     * Threads that read the day side by side, each on a connection of its own: SQLite's formatting of
     * the rows is most of a report's work, and the request's thread compresses beside them.
     */
    private static final int READERS = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    /**
     * Time slices of the day per large file: the readers take them in turns, so each slice is small
     * enough (a million fills' tca.csv, 226 MB, in slices under 1 MB) for the turns to keep both busy.
     */
    private static final int SLICES = 288;
    private static final byte[] LINE_BREAK = {'\r', '\n'};

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
     * Whether the ledger covers {@code day}: from its first day (its creation, or its oldest record)
     * to today. A covered day with no trading gives header-only files.
     */
    public boolean covers(LocalDate day) {
        return !day.isAfter(today()) && ledger.read(c -> !day.isBefore(firstDay(c)));
    }

    /**
     * The ZIP of {@code day} in memory, or empty when the ledger does not cover that day. For tests
     * and small days; the sidecar streams it with {@link #write}.
     */
    public Optional<byte[]> build(LocalDate day) {
        if (!covers(day)) {
            return Optional.empty();
        }
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try {
            write(day, zip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(zip.toByteArray());
    }

    /**
     * Streams the ZIP of {@code day} to {@code out}, which it flushes and leaves open. Threads of their
     * own read the day from one snapshot of the ledger, on connections of their own, while the
     * caller's thread compresses, digests and writes what they read, in order: the report holds a few
     * chunks of memory whatever the day's size, and ingest goes on meanwhile.
     */
    public void write(LocalDate day, OutputStream out) throws IOException {
        List<Piece> pieces = plan(day);
        try (Ledger.ReadSnapshot snapshot = ledger.snapshot(READERS)) {
            List<Connection> connections = snapshot.connections();
            List<ReportHandoff> handoffs = new ArrayList<>();
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < connections.size(); r++) {
                ReportHandoff handoff = new ReportHandoff(CHUNKS_IN_FLIGHT, CHUNK_BYTES);
                List<Piece> turns = everyNth(pieces, r, connections.size());
                Connection connection = connections.get(r);
                Thread reader = new Thread(() -> read(day, turns, connection, handoff), "kit-report-reader");
                reader.setDaemon(true);
                handoffs.add(handoff);
                readers.add(reader);
            }
            readers.forEach(Thread::start);
            try {
                writeZip(day, pieces, handoffs, out);
            } catch (InterruptedException e) {
                handoffs.forEach(ReportHandoff::cancel);
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while writing the report of " + day);
            } catch (IOException | RuntimeException e) {
                handoffs.forEach(ReportHandoff::cancel);
                throw e;
            } finally {
                // The snapshot's connections close only once no reader uses them.
                joinAll(readers);
            }
        }
    }

    /** One turn of a reader: a time slice of a file, or the metadata's facts. */
    private record Piece(Table table, int slice, long from, long until) {

        boolean facts() {
            return table == null;
        }

        boolean firstOfFile() {
            return slice == 0;
        }

        boolean lastOfFile() {
            return !table.sliced() || slice == SLICES - 1;
        }

        List<Object> parameters(String day) {
            return table.sliced() ? List.of(day, from, until) : List.of(day);
        }
    }

    /** Every piece of the day's report in the ZIP's order; the first and last slices reach past the day. */
    private static List<Piece> plan(LocalDate day) {
        long start = UtcDay.start(day);
        long width = (UtcDay.start(day.plusDays(1)) - start) / SLICES;
        List<Piece> pieces = new ArrayList<>();
        for (Table table : TABLES) {
            int slices = table.sliced() ? SLICES : 1;
            for (int k = 0; k < slices; k++) {
                long from = k == 0 ? Long.MIN_VALUE : start + k * width;
                long until = k == slices - 1 ? Long.MAX_VALUE : start + (k + 1) * width;
                pieces.add(new Piece(table, k, from, until));
            }
        }
        pieces.add(new Piece(null, 0, 0, 0));
        return pieces;
    }

    private static <T> List<T> everyNth(List<T> items, int first, int step) {
        List<T> picked = new ArrayList<>();
        for (int i = first; i < items.size(); i += step) {
            picked.add(items.get(i));
        }
        return picked;
    }

    private static void joinAll(List<Thread> threads) {
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void read(LocalDate day, List<Piece> turns, Connection c, ReportHandoff handoff) {
        try {
            for (Piece piece : turns) {
                if (piece.facts()) {
                    handOn(handoff, new ReportHandoff.Finish(facts(c, day)));
                } else {
                    readSlice(c, piece, day.toString(), handoff);
                }
            }
        } catch (SQLException | RuntimeException | Error e) {
            handoff.fail(e);
        }
    }

    private ObjectNode facts(Connection c, LocalDate day) throws SQLException {
        ObjectNode facts = ApiJson.object();
        var models = facts.putArray("model_ids");
        modelIds(c, day.toString()).forEach(models::add);
        facts.set("canary_share_history", shareHistory(c, day));
        return facts;
    }

    private static void readSlice(Connection c, Piece piece, String day, ReportHandoff handoff) throws SQLException {
        Chunks chunks = new Chunks(handoff);
        long rows = piece.table().query().run(c, piece.parameters(day), (bytes, offset, length) -> {
            chunks.append(bytes, offset, length);
            chunks.append(LINE_BREAK, 0, LINE_BREAK.length);
        });
        chunks.flush();
        handOn(handoff, new ReportHandoff.End(rows));
    }

    /** The CSV bytes of one piece, handed on a chunk at a time. */
    private static final class Chunks {
        private final ReportHandoff handoff;
        private byte[] buffer;
        private int used;

        Chunks(ReportHandoff handoff) {
            this.handoff = handoff;
        }

        void append(byte[] bytes, int offset, int length) {
            if (buffer != null && used + length > buffer.length) {
                flush();
            }
            if (buffer == null) {
                buffer = length > CHUNK_BYTES ? new byte[length] : handoff.emptyChunk();
            }
            System.arraycopy(bytes, offset, buffer, used, length);
            used += length;
        }

        void flush() {
            if (used > 0) {
                handOn(handoff, new ReportHandoff.Bytes(buffer, used));
                buffer = null;
                used = 0;
            }
        }
    }

    private static void handOn(ReportHandoff handoff, ReportHandoff.Part part) {
        try {
            handoff.put(part);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("the report's reader was interrupted");
        }
    }

    private void writeZip(LocalDate day, List<Piece> pieces, List<ReportHandoff> handoffs, OutputStream out)
            throws IOException, InterruptedException {
        BufferedOutputStream buffered = new BufferedOutputStream(out, 64 * 1024);
        // Not closed: closing would close the caller's stream. finish() writes the central directory.
        ZipOutputStream zip = new ZipOutputStream(buffered);
        // The fastest level: 6 times the speed of the default for a CSV 9% larger.
        zip.setLevel(Deflater.BEST_SPEED);
        Map<String, String> sums = new LinkedHashMap<>();
        Map<String, Long> rowCounts = new LinkedHashMap<>();
        MessageDigest digest = sha256();
        long rows = 0;
        for (int i = 0; i < pieces.size(); i++) {
            Piece piece = pieces.get(i);
            ReportHandoff handoff = handoffs.get(i % handoffs.size());
            if (piece.facts()) {
                ObjectNode facts = ((ReportHandoff.Finish) handoff.take()).facts();
                zip.putNextEntry(new ZipEntry("metadata.json"));
                zip.write(metadata(day, facts, sums, rowCounts));
                zip.closeEntry();
                continue;
            }
            String file = piece.table().file();
            if (piece.firstOfFile()) {
                zip.putNextEntry(new ZipEntry(file));
                digest.reset();
                rows = 0;
                byte[] header = (piece.table().query().header() + "\r\n").getBytes(StandardCharsets.UTF_8);
                digest.update(header);
                zip.write(header);
            }
            for (ReportHandoff.Part part = handoff.take(); !(part instanceof ReportHandoff.End end); part = handoff.take()) {
                ReportHandoff.Bytes bytes = (ReportHandoff.Bytes) part;
                digest.update(bytes.bytes(), 0, bytes.length());
                zip.write(bytes.bytes(), 0, bytes.length());
                handoff.recycle(bytes.bytes());
            }
            rows += end.rows();
            if (piece.lastOfFile()) {
                zip.closeEntry();
                sums.put(file, HexFormat.of().formatHex(digest.digest()));
                rowCounts.put(file, rows);
            }
        }
        zip.finish();
        buffered.flush();
    }

    private LocalDate firstDay(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("""
                SELECT MIN(d) FROM (
                  SELECT MIN(day) AS d FROM orders UNION ALL SELECT MIN(day) FROM fills UNION ALL SELECT MIN(day) FROM tca
                  UNION ALL SELECT MIN(day) FROM daily_pnl UNION ALL SELECT MIN(day) FROM decision_changes)""");
                ResultSet rows = q.executeQuery()) {
            String firstData = rows.next() ? rows.getString(1) : null;
            LocalDate first = created(c);
            return firstData != null && LocalDate.parse(firstData).isBefore(first) ? LocalDate.parse(firstData) : first;
        }
    }

    private static LocalDate created(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT MIN(applied_at) FROM schema_version");
                ResultSet rows = q.executeQuery()) {
            return LocalDate.parse(UtcDay.of(rows.next() ? rows.getLong(1) : 0));
        }
    }

    private static ArrayNode shareHistory(Connection c, LocalDate day) throws SQLException {
        ArrayNode history = ApiJson.MAPPER.createArrayNode();
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
        return history;
    }

    private byte[] metadata(LocalDate day, ObjectNode facts, Map<String, String> sums, Map<String, Long> rowCounts) {
        ObjectNode meta = ApiJson.object();
        meta.put("date", day.toString());
        meta.put("generated_at", Instant.ofEpochMilli(clock.getAsLong()).toString());
        meta.set("model_ids", facts.get("model_ids"));
        meta.set("canary_share_history", facts.get("canary_share_history"));
        ObjectNode limits = meta.putObject("limits");
        limits.put("risk_per_trade_pct", config.riskPerTradePct());
        limits.put("max_open_positions", config.maxOpenPositions());
        limits.put("max_trades_per_day", config.maxTradesPerDay());
        limits.put("max_daily_drawdown_pct", config.maxDailyDrawdownPct());
        limits.put("canary_notional_cap", config.canaryNotionalCap());
        limits.put("slippage_slo_bps", config.slippageSloBps());
        limits.set("slippage_slo_bps_per_symbol", ApiJson.MAPPER.valueToTree(new TreeMap<>(config.slippageSloBpsPerSymbol())));
        ObjectNode counts = meta.putObject("row_counts");
        rowCounts.forEach(counts::put);
        ObjectNode digests = meta.putObject("sha256");
        sums.forEach(digests::put);
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

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The lowercase hex sha256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }
}
