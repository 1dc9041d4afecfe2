package io.canarykit.admin.ledger;

import io.canarykit.schema.OrderRetention;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;

/**
 * The ledger's orphans, by the job's rule: an order placed at {@code p} that has no answer from the
 * venue (acked, rejected, error, fill or canceled) by {@code p + timeout} became an orphan at
 * {@code p + timeout + 1} ms, and stays one until its answer comes or a day has passed.
 */
public final class OrphanCounts {

    /** How long the job keeps an unanswered order in the current count (its open-order retention). */
    public static final long RETENTION_MS = OrderRetention.OPEN_MS;

    // An answer before the placement, or within the timeout after it, keeps the order from being one.
    // A shadow order is paper: it goes to no venue, so it never waits for an answer (as the job counts).
    private static final String BECAME_ORPHAN =
            "shadow = 0 AND placed_ts IS NOT NULL AND (replied_ts IS NULL OR replied_ts > placed_ts + ?)";

    private OrphanCounts() {}

    /**
     * {@code orphans} at {@code now}: orders unanswered for more than {@code timeoutMs} and placed less
     * than {@link #RETENTION_MS} ago; {@code symbol} null for every symbol.
     */
    public static long current(Connection c, long now, long timeoutMs, String symbol) throws SQLException {
        return count(c, "SELECT COUNT(*) FROM orders WHERE shadow = 0 AND placed_ts IS NOT NULL AND placed_ts + ? < ? AND placed_ts > ?"
                + " AND (replied_ts IS NULL OR replied_ts > ?)" + bySymbol(symbol),
                symbol, timeoutMs, now, now - RETENTION_MS, now);
    }

    /** Orders that became orphans in {@code (from, to]}; {@code symbol} null for every symbol. */
    public static long becameIn(Connection c, long from, long to, long timeoutMs, String symbol) throws SQLException {
        return count(c, "SELECT COUNT(*) FROM orders WHERE " + BECAME_ORPHAN
                + " AND placed_ts + ? + 1 > ? AND placed_ts + ? + 1 <= ?" + bySymbol(symbol),
                symbol, timeoutMs, timeoutMs, from, timeoutMs, to);
    }

    /** {@code orphans_total} at {@code now}: the orders that became orphans from the start of its UTC day to {@code now}. */
    public static long today(Connection c, long now, long timeoutMs, String symbol) throws SQLException {
        long dayStart = UtcDay.start(LocalDate.parse(UtcDay.of(now)));
        return becameIn(c, dayStart - 1, now, timeoutMs, symbol);
    }

    private static String bySymbol(String symbol) {
        return symbol == null ? "" : " AND symbol = ?";
    }

    private static long count(Connection c, String sql, String symbol, long... values) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            int i = 1;
            for (long value : values) {
                q.setLong(i++, value);
            }
            if (symbol != null) {
                q.setString(i, symbol);
            }
            try (ResultSet rows = q.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }
}
