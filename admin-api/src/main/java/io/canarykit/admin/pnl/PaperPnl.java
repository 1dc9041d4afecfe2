package io.canarykit.admin.pnl;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarykit.admin.audit.AuditLog;
import io.canarykit.admin.ledger.Ledger;
import io.canarykit.admin.ledger.LedgerException;
import io.canarykit.admin.report.DailyReport;
import io.canarykit.schema.TextValues;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The paper period's daily P&L: the days of a {@code daily-pnl.csv} that {@code kit replay} wrote,
 * imported into the ledger's {@code paper_daily_pnl} table with an audit entry in the same transaction,
 * so Go/No-Go can compute the runbook's Sharpe "(paper previo)" from them.
 */
public final class PaperPnl {

    /** The columns an import needs; the file may carry more, which are ignored. */
    public static final List<String> REQUIRED = List.of("day", "pnl", "start_of_day_equity");
    /** The audit action of an import. */
    public static final String ACTION = "IMPORT paper daily pnl";

    private final Ledger ledger;
    private final AuditLog audit;
    private final LongSupplier clock;

    public PaperPnl(Ledger ledger, AuditLog audit, LongSupplier clock) {
        this.ledger = ledger;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * One completed paper day.
     *
     * @param day the UTC day
     * @param pnl the day's P&L in account currency
     * @param startOfDayEquity the equity at the day's start, positive
     * @param equity the equity at the day's end, or null when the file has none
     */
    public record Day(LocalDate day, double pnl, double startOfDayEquity, Double equity) {

        /** The day's return: its P&L over its start-of-day equity. */
        public double dailyReturn() {
            return pnl / startOfDayEquity;
        }
    }

    /**
     * What a file holds: its completed days, oldest first, and the days it marks incomplete, which
     * are left out (the last day of a replay whose input stopped before midnight).
     */
    public record Parsed(List<Day> days, List<LocalDate> incomplete) {}

    /** What an import did. */
    public record Imported(String id, String source, List<Day> days, List<LocalDate> incomplete, String sha256) {}

    /**
     * Reads the CSV text of a {@code daily-pnl.csv}; throws {@link IllegalArgumentException} naming the
     * line and the field that cannot be used, so nothing of a bad file is imported.
     */
    public static Parsed parse(String csv) {
        if (csv == null || csv.isBlank()) {
            throw new IllegalArgumentException("the file is empty: it needs a header line with " + REQUIRED);
        }
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get();
        List<Day> days = new ArrayList<>();
        List<LocalDate> incomplete = new ArrayList<>();
        Set<LocalDate> seen = new HashSet<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(csv), format)) {
            for (String column : REQUIRED) {
                if (!parser.getHeaderMap().containsKey(column)) {
                    throw new IllegalArgumentException("the header has no '" + column + "' column; it needs " + REQUIRED);
                }
            }
            boolean hasEquity = parser.getHeaderMap().containsKey("equity");
            boolean hasComplete = parser.getHeaderMap().containsKey("complete");
            for (CSVRecord row : parser) {
                long line = parser.getCurrentLineNumber();
                if (!row.isConsistent()) {
                    throw new IllegalArgumentException("line " + line + ": " + row.size() + " fields, the header has "
                            + parser.getHeaderMap().size());
                }
                LocalDate day = day(row.get("day"), line);
                if (!seen.add(day)) {
                    throw new IllegalArgumentException("line " + line + ": day " + day + " appears twice");
                }
                if (hasComplete && !complete(row.get("complete"), line)) {
                    incomplete.add(day);
                    continue;
                }
                double pnl = number(row.get("pnl"), "pnl", line);
                double sod = number(row.get("start_of_day_equity"), "start_of_day_equity", line);
                if (sod <= 0) {
                    throw new IllegalArgumentException("line " + line + ": start_of_day_equity must be above 0, got " + sod
                            + " (a return needs a positive equity)");
                }
                String equity = hasEquity ? row.get("equity") : "";
                days.add(new Day(day, pnl, sod, equity.isEmpty() ? null : number(equity, "equity", line)));
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException("the file is not valid CSV: " + e.getMessage(), e);
        }
        if (days.isEmpty()) {
            throw new IllegalArgumentException("the file holds no completed day");
        }
        days.sort((a, b) -> a.day().compareTo(b.day()));
        return new Parsed(List.copyOf(days), List.copyOf(incomplete));
    }

    /**
     * Imports {@code csv} as the paper days of {@code source}: each day replaces an earlier import of
     * that day, and the audit entry (by {@code actor}) is written in the same transaction as the rows.
     */
    public Imported importCsv(String csv, String source, String actor) {
        Parsed parsed = parse(csv);
        String id = UUID.randomUUID().toString();
        String digest = DailyReport.sha256(csv.getBytes(StandardCharsets.UTF_8));
        long now = clock.getAsLong();
        ledger.transaction(c -> {
            store(c, parsed.days(), source, id, now);
            audit.append(c, actor, ACTION, auditPayload(id, source, parsed, digest));
            return null;
        });
        return new Imported(id, source, parsed.days(), parsed.incomplete(), digest);
    }

    private static void store(Connection c, List<Day> days, String source, String id, long now) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO paper_daily_pnl(day, pnl, daily_return, equity, start_of_day_equity, source, import_id, imported_at)
                VALUES (?,?,?,?,?,?,?,?)
                ON CONFLICT(day) DO UPDATE SET pnl = excluded.pnl, daily_return = excluded.daily_return,
                  equity = excluded.equity, start_of_day_equity = excluded.start_of_day_equity,
                  source = excluded.source, import_id = excluded.import_id, imported_at = excluded.imported_at""")) {
            for (Day d : days) {
                upsert.setString(1, d.day().toString());
                upsert.setDouble(2, d.pnl());
                upsert.setDouble(3, d.dailyReturn());
                if (d.equity() == null) {
                    upsert.setNull(4, java.sql.Types.REAL);
                } else {
                    upsert.setDouble(4, d.equity());
                }
                upsert.setDouble(5, d.startOfDayEquity());
                upsert.setString(6, source);
                upsert.setString(7, id);
                upsert.setLong(8, now);
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    private static ObjectNode auditPayload(String id, String source, Parsed parsed, String digest) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("import_id", id);
        payload.put("kind", "paper");
        payload.put("source", source);
        payload.put("sha256", digest);
        payload.put("days", parsed.days().size());
        payload.put("first_day", parsed.days().get(0).day().toString());
        payload.put("last_day", parsed.days().get(parsed.days().size() - 1).day().toString());
        parsed.incomplete().forEach(d -> payload.withArray("left_out_incomplete").add(d.toString()));
        return payload;
    }

    private static LocalDate day(String text, long line) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("line " + line + ": day must be yyyy-mm-dd, got '" + text + "'");
        }
    }

    private static boolean complete(String text, long line) {
        // An empty cell counts as a complete day, as in a file written before the column existed.
        return text.isEmpty() || TextValues.trueOrFalse(text).orElseThrow(() -> new IllegalArgumentException(
                "line " + line + ": complete must be true or false, got '" + text + "'"));
    }

    private static double number(String text, String column, long line) {
        // Plain decimals as daily-pnl.csv writes them, finite; no NaN, hex or suffix.
        return TextValues.decimal(text).orElseThrow(() -> new IllegalArgumentException(
                "line " + line + ": " + column + " must be a number (plain and finite), got '" + text + "'"));
    }
}
