package io.canarykit.admin.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The versioned schema of the ledger. Each migration runs once, in order, and is recorded in
 * {@code schema_version}; a released migration is never edited, only followed by a new one.
 */
public final class Migrations {

    /** One schema step: its version and the statements that make it. */
    record Migration(int version, String description, List<String> statements) {}

    static final List<Migration> ALL = List.of(
            new Migration(1, "orders, fills, tca, daily pnl, control commands, audit log, canary share history", List.of(
                    // Every order event once, keyed by the contract's identity; the orders and fills
                    // tables change only when an event is new here, so a replay counts nothing twice.
                    """
                    CREATE TABLE order_events (
                      event_key TEXT PRIMARY KEY,
                      order_id TEXT NOT NULL,
                      symbol TEXT NOT NULL,
                      ts INTEGER NOT NULL,
                      event TEXT NOT NULL,
                      body TEXT NOT NULL)""",
                    """
                    CREATE TABLE orders (
                      order_id TEXT PRIMARY KEY,
                      symbol TEXT NOT NULL,
                      side TEXT NOT NULL,
                      account TEXT NOT NULL,
                      model_id TEXT NOT NULL,
                      canary INTEGER NOT NULL,
                      qty REAL,
                      price REAL,
                      arrival_mid REAL,
                      placed_ts INTEGER,
                      answer TEXT,
                      answered_ts INTEGER,
                      place_ms REAL,
                      first_ts INTEGER NOT NULL,
                      last_ts INTEGER NOT NULL,
                      last_event TEXT NOT NULL,
                      day TEXT NOT NULL)""",
                    "CREATE INDEX orders_day ON orders(day)",
                    "CREATE INDEX orders_placed ON orders(placed_ts)",
                    """
                    CREATE TABLE fills (
                      fill_key TEXT PRIMARY KEY,
                      order_id TEXT NOT NULL,
                      symbol TEXT NOT NULL,
                      ts INTEGER NOT NULL,
                      day TEXT NOT NULL,
                      side TEXT NOT NULL,
                      account TEXT NOT NULL,
                      model_id TEXT NOT NULL,
                      canary INTEGER NOT NULL,
                      fill_qty REAL NOT NULL,
                      fill_px REAL NOT NULL,
                      fee REAL NOT NULL,
                      notional REAL NOT NULL)""",
                    "CREATE INDEX fills_day ON fills(day)",
                    "CREATE INDEX fills_ts ON fills(ts)",
                    """
                    CREATE TABLE tca (
                      fill_key TEXT PRIMARY KEY,
                      order_id TEXT NOT NULL,
                      symbol TEXT NOT NULL,
                      ts INTEGER NOT NULL,
                      day TEXT NOT NULL,
                      side TEXT NOT NULL,
                      model_id TEXT NOT NULL,
                      canary INTEGER NOT NULL,
                      fill_qty REAL NOT NULL,
                      fill_px REAL NOT NULL,
                      arrival_mid REAL,
                      notional REAL NOT NULL,
                      fee REAL NOT NULL,
                      slippage_bps REAL,
                      place_ms REAL,
                      markout_1s_bps REAL,
                      markout_5s_bps REAL,
                      markout_60s_bps REAL)""",
                    "CREATE INDEX tca_day ON tca(day)",
                    "CREATE INDEX tca_ts ON tca(ts)",
                    // One row per UTC day: the latest account figures of that day.
                    """
                    CREATE TABLE daily_pnl (
                      day TEXT PRIMARY KEY,
                      ts INTEGER NOT NULL,
                      start_of_day_equity REAL,
                      equity REAL,
                      peak_equity REAL,
                      realised_pnl REAL,
                      fees REAL,
                      unrealised_pnl REAL,
                      dd_today REAL,
                      max_dd_today REAL,
                      trades_today INTEGER,
                      total_trades INTEGER,
                      canary_trades_total INTEGER,
                      budget_left REAL,
                      canary_notional_share REAL)""",
                    // Every account snapshot, for the "BudgetDepleted in the last hour" criterion.
                    """
                    CREATE TABLE risk_history (
                      ts INTEGER PRIMARY KEY,
                      budget_left REAL,
                      dd_today REAL,
                      trades_today INTEGER,
                      open_positions INTEGER)""",
                    """
                    CREATE TABLE kpi_latest (
                      symbol TEXT PRIMARY KEY,
                      ts INTEGER NOT NULL,
                      body TEXT NOT NULL)""",
                    """
                    CREATE TABLE control_commands (
                      id TEXT PRIMARY KEY,
                      ts INTEGER NOT NULL,
                      actor TEXT NOT NULL,
                      type TEXT NOT NULL,
                      args TEXT NOT NULL,
                      outcome TEXT NOT NULL,
                      detail TEXT)""",
                    """
                    CREATE TABLE audit_log (
                      seq INTEGER PRIMARY KEY,
                      ts INTEGER NOT NULL,
                      actor TEXT NOT NULL,
                      action TEXT NOT NULL,
                      payload TEXT NOT NULL,
                      prev_hash TEXT NOT NULL,
                      hash TEXT NOT NULL)""",
                    // The operator's commanded share (symbol '*') and every change of a symbol's effective share.
                    """
                    CREATE TABLE canary_share_history (
                      ts INTEGER NOT NULL,
                      symbol TEXT NOT NULL,
                      source TEXT NOT NULL,
                      share REAL NOT NULL,
                      champion TEXT,
                      challenger TEXT,
                      PRIMARY KEY (ts, symbol, source))""",
                    """
                    CREATE TABLE ingest_offsets (
                      topic TEXT NOT NULL,
                      part INTEGER NOT NULL,
                      next_offset INTEGER NOT NULL,
                      PRIMARY KEY (topic, part))""",
                    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")),
            new Migration(2, "fills by order, for the daily report's filled quantity per order", List.of(
                    // orders.csv sums each order's fills: without this index every order scans every fill,
                    // and a day of a million fills took minutes instead of seconds.
                    "CREATE INDEX fills_order ON fills(order_id)")),
            new Migration(3, "tca: whether a fill's record is final, its markouts complete", List.of(
                    // A fill's record comes first with its markouts unknown, then final; rows of earlier
                    // builds were never completed, so they stay not final.
                    "ALTER TABLE tca ADD COLUMN final INTEGER NOT NULL DEFAULT 0")),
            new Migration(4, "the paper period's daily P&L, imported for the Go/No-Go Sharpe", List.of(
                    // One row per completed UTC day of a paper run (kit import-pnl); a later import of a day replaces it.
                    """
                    CREATE TABLE paper_daily_pnl (
                      day TEXT PRIMARY KEY,
                      pnl REAL NOT NULL,
                      daily_return REAL NOT NULL,
                      equity REAL,
                      start_of_day_equity REAL NOT NULL,
                      source TEXT NOT NULL,
                      import_id TEXT NOT NULL,
                      imported_at INTEGER NOT NULL)""")),
            new Migration(5, "any answer from the venue settles an order's orphan clock; every change of a symbol's decision",
                    List.of(
                    // The earliest answer of any kind (acked, rejected, error, fill, canceled), as the job
                    // reads it for orphans; answer and answered_ts stay the first ack, rejection or error.
                    "ALTER TABLE orders ADD COLUMN replied_ts INTEGER",
                    """
                    UPDATE orders SET replied_ts = r.ts
                    FROM (SELECT order_id, MIN(ts) AS ts FROM order_events WHERE event <> 'placed' GROUP BY order_id) r
                    WHERE r.order_id = orders.order_id""",
                    // A symbol's mode, size multiplier or reasons when they change; heartbeats are not kept.
                    """
                    CREATE TABLE decision_changes (
                      symbol TEXT NOT NULL,
                      seq INTEGER NOT NULL,
                      ts INTEGER NOT NULL,
                      day TEXT NOT NULL,
                      mode TEXT NOT NULL,
                      size_multiplier REAL NOT NULL,
                      allow INTEGER NOT NULL,
                      reasons TEXT NOT NULL,
                      psi REAL,
                      model_id TEXT,
                      PRIMARY KEY (symbol, seq))""",
                    "CREATE INDEX decision_changes_day ON decision_changes(day)")),
            new Migration(6, "shadow orders: whether an order, its fills and their TCA records are the challenger's paper ones",
                    List.of(
                    // Rows of earlier builds are live: engines sent no paper orders before.
                    "ALTER TABLE orders ADD COLUMN shadow INTEGER NOT NULL DEFAULT 0",
                    "ALTER TABLE fills ADD COLUMN shadow INTEGER NOT NULL DEFAULT 0",
                    "ALTER TABLE tca ADD COLUMN shadow INTEGER NOT NULL DEFAULT 0")),
            new Migration(7, "every change of the automatic rollout's state, step or share, as the decisions showed it",
                    List.of(
                    // One row per transition the sidecar saw; the decisions' heartbeats repeat a state and are not kept.
                    """
                    CREATE TABLE rollout_events (
                      seq INTEGER PRIMARY KEY,
                      ts INTEGER NOT NULL,
                      state TEXT NOT NULL,
                      step INTEGER NOT NULL,
                      share REAL NOT NULL,
                      reason TEXT,
                      symbol TEXT NOT NULL,
                      decision_seq INTEGER NOT NULL)""")),
            new Migration(8, "a symbol's share history by symbol, for the last effective share of each decision read",
                    List.of(
                    // Every decision read asks for its symbol's last effective share. The key leads with ts,
                    // so that question walked the history back from its newest row until it met the symbol:
                    // a thousand symbols made it a thousand rows a decision, and it grew with the history.
                    "CREATE INDEX canary_share_by_symbol ON canary_share_history(symbol, source, ts)")),
            new Migration(9, "a day's orders, fills and TCA records in the report's order, without a sort",
                    List.of(
                    // The report lists a day's rows in time order. Found by day alone, a million fills were
                    // sorted in a temporary B-tree first: half of SQLite's time for the report. Each new
                    // index leads with the day, so it also answers every lookup the one it replaces did.
                    "CREATE INDEX orders_day_first ON orders(day, first_ts, order_id)",
                    "DROP INDEX orders_day",
                    "CREATE INDEX fills_day_ts ON fills(day, ts, fill_key)",
                    "DROP INDEX fills_day",
                    "CREATE INDEX tca_day_ts ON tca(day, ts, fill_key)",
                    "DROP INDEX tca_day")));

    private Migrations() {}

    /** Applies every migration newer than the database's version; returns the version reached. */
    static int apply(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL)");
        }
        int current = currentVersion(connection);
        for (Migration migration : ALL) {
            if (migration.version() <= current) {
                continue;
            }
            try (Statement statement = connection.createStatement()) {
                for (String sql : migration.statements()) {
                    statement.execute(sql);
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO schema_version(version, description, applied_at) VALUES (?, ?, ?)")) {
                insert.setInt(1, migration.version());
                insert.setString(2, migration.description());
                insert.setLong(3, System.currentTimeMillis());
                insert.executeUpdate();
            }
            current = migration.version();
        }
        return current;
    }

    /** The newest migration applied to the database, 0 when none. */
    public static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }
}
