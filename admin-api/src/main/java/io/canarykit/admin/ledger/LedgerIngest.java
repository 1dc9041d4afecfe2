package io.canarykit.admin.ledger;

import io.canarykit.schema.GateDecision;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.TcaRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes what the sidecar consumes into the ledger, inside the caller's transaction. Every write is
 * keyed by the event's identity, so replaying a topic, or a duplicate record, changes nothing.
 */
public final class LedgerIngest {

    private LedgerIngest() {}

    /** Records an order event; returns false when the same event was already recorded. */
    public static boolean orderEvent(Connection c, OrderEvent e, String body) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT OR IGNORE INTO order_events(event_key, order_id, symbol, ts, event, body) VALUES (?,?,?,?,?,?)")) {
            insert.setString(1, e.dedupKey());
            insert.setString(2, e.orderId());
            insert.setString(3, e.symbol());
            insert.setLong(4, e.ts());
            insert.setString(5, e.event().wire());
            insert.setString(6, body);
            if (insert.executeUpdate() == 0) {
                return false;
            }
        }
        upsertOrder(c, e);
        if (e.event() == OrderEventType.FILL && e.fillQty() != null && e.fillPx() != null) {
            insertFill(c, e);
        }
        return true;
    }

    // Each column merges in a way that does not depend on arrival order: the earliest placement and
    // answer win, the latest event is the last one, and descriptive fields keep their first value.
    // answer and answered_ts are the first ack, rejection or error (Go/No-Go's SLO criteria read
    // them); replied_ts is the first answer of any kind, which settles the orphan clock.
    private static void upsertOrder(Connection c, OrderEvent e) throws SQLException {
        boolean placed = e.event() == OrderEventType.PLACED;
        boolean answer = e.event() == OrderEventType.ACKED || e.event() == OrderEventType.REJECTED
                || e.event() == OrderEventType.ERROR;
        boolean reply = e.event().answersPlacement();
        try (PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO orders(order_id, symbol, side, account, model_id, canary, qty, price, arrival_mid,
                                   placed_ts, answer, answered_ts, place_ms, first_ts, last_ts, last_event, day, replied_ts,
                                   shadow)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                ON CONFLICT(order_id) DO UPDATE SET
                  shadow = MAX(orders.shadow, excluded.shadow),
                  qty = COALESCE(orders.qty, excluded.qty),
                  price = COALESCE(orders.price, excluded.price),
                  arrival_mid = COALESCE(orders.arrival_mid, excluded.arrival_mid),
                  placed_ts = CASE WHEN orders.placed_ts IS NULL OR excluded.placed_ts < orders.placed_ts
                                   THEN COALESCE(excluded.placed_ts, orders.placed_ts) ELSE orders.placed_ts END,
                  answer = CASE WHEN excluded.answered_ts IS NOT NULL
                                 AND (orders.answered_ts IS NULL OR excluded.answered_ts < orders.answered_ts)
                                THEN excluded.answer ELSE orders.answer END,
                  place_ms = CASE WHEN excluded.answered_ts IS NOT NULL
                                   AND (orders.answered_ts IS NULL OR excluded.answered_ts < orders.answered_ts)
                                  THEN COALESCE(excluded.place_ms, orders.place_ms) ELSE COALESCE(orders.place_ms, excluded.place_ms) END,
                  answered_ts = CASE WHEN excluded.answered_ts IS NOT NULL
                                      AND (orders.answered_ts IS NULL OR excluded.answered_ts < orders.answered_ts)
                                     THEN excluded.answered_ts ELSE orders.answered_ts END,
                  replied_ts = CASE WHEN orders.replied_ts IS NULL OR excluded.replied_ts < orders.replied_ts
                                    THEN COALESCE(excluded.replied_ts, orders.replied_ts) ELSE orders.replied_ts END,
                  first_ts = MIN(orders.first_ts, excluded.first_ts),
                  last_event = CASE WHEN excluded.last_ts > orders.last_ts THEN excluded.last_event ELSE orders.last_event END,
                  last_ts = MAX(orders.last_ts, excluded.last_ts),
                  day = CASE WHEN excluded.placed_ts IS NOT NULL
                              AND (orders.placed_ts IS NULL OR excluded.placed_ts < orders.placed_ts)
                             THEN excluded.day ELSE orders.day END""")) {
            upsert.setString(1, e.orderId());
            upsert.setString(2, e.symbol());
            upsert.setString(3, e.side().wire());
            upsert.setString(4, e.account() == null ? OrderEvent.DEFAULT_ACCOUNT : e.account());
            upsert.setString(5, e.modelId());
            upsert.setInt(6, e.canary() ? 1 : 0);
            setDouble(upsert, 7, e.qty());
            setDouble(upsert, 8, e.price());
            setDouble(upsert, 9, placed ? e.arrivalMid() : null);
            setLong(upsert, 10, placed ? e.ts() : null);
            upsert.setString(11, answer ? e.event().wire() : null);
            setLong(upsert, 12, answer ? e.ts() : null);
            setDouble(upsert, 13, e.event() == OrderEventType.ACKED ? e.placeMs() : null);
            upsert.setLong(14, e.ts());
            upsert.setLong(15, e.ts());
            upsert.setString(16, e.event().wire());
            upsert.setString(17, UtcDay.of(e.ts()));
            setLong(upsert, 18, reply ? e.ts() : null);
            upsert.setInt(19, e.shadow() ? 1 : 0);
            upsert.executeUpdate();
        }
    }

    private static void insertFill(Connection c, OrderEvent e) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT OR IGNORE INTO fills(fill_key, order_id, symbol, ts, day, side, account, model_id, canary,
                                            fill_qty, fill_px, fee, notional, shadow)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,(SELECT shadow FROM orders WHERE order_id = ?))""")) {
            insert.setString(1, fillKey(e.orderId(), e.ts(), e.fillQty(), e.fillPx()));
            insert.setString(2, e.orderId());
            insert.setString(3, e.symbol());
            insert.setLong(4, e.ts());
            insert.setString(5, UtcDay.of(e.ts()));
            insert.setString(6, e.side().wire());
            insert.setString(7, e.account() == null ? OrderEvent.DEFAULT_ACCOUNT : e.account());
            insert.setString(8, e.modelId());
            insert.setInt(9, e.canary() ? 1 : 0);
            insert.setDouble(10, e.fillQty());
            insert.setDouble(11, e.fillPx());
            insert.setDouble(12, e.fee() == null ? 0.0 : e.fee());
            insert.setDouble(13, e.fillNotional());
            // The order's flag, just merged with this event's: a paper order's fill is paper even when it does not say so.
            insert.setString(14, e.orderId());
            insert.executeUpdate();
        }
    }

    /** The identity of one fill, shared by its order event and its TCA record. */
    public static String fillKey(String orderId, long ts, double fillQty, double fillPx) {
        return TcaRecord.fillKey(orderId, ts, fillQty, fillPx);
    }

    /**
     * Keeps a TCA record as the last of its fill: a new fill's row, or the fill's row replaced by a
     * later word on it (its final record with the markouts). A record that is not final never
     * replaces a final one, so a redelivered first record cannot undo the markouts. Returns false
     * when the record changed nothing.
     */
    public static boolean tca(Connection c, TcaRecord t) throws SQLException {
        Map<String, Double> markouts = t.markoutsBps() == null ? Map.of() : t.markoutsBps();
        try (PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO tca(fill_key, order_id, symbol, ts, day, side, model_id, canary, fill_qty, fill_px,
                                arrival_mid, notional, fee, slippage_bps, place_ms,
                                markout_1s_bps, markout_5s_bps, markout_60s_bps, final, shadow)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                ON CONFLICT(fill_key) DO UPDATE SET
                  shadow = excluded.shadow,
                  arrival_mid = excluded.arrival_mid, notional = excluded.notional, fee = excluded.fee,
                  slippage_bps = excluded.slippage_bps, place_ms = excluded.place_ms,
                  markout_1s_bps = excluded.markout_1s_bps, markout_5s_bps = excluded.markout_5s_bps,
                  markout_60s_bps = excluded.markout_60s_bps, final = excluded.final
                WHERE excluded.final = 1 AND tca.final = 0""")) {
            upsert.setString(1, fillKey(t.orderId(), t.ts(), t.fillQty(), t.fillPx()));
            upsert.setString(2, t.orderId());
            upsert.setString(3, t.symbol());
            upsert.setLong(4, t.ts());
            upsert.setString(5, UtcDay.of(t.ts()));
            upsert.setString(6, t.side() == null ? "" : t.side().wire());
            upsert.setString(7, t.modelId() == null ? "" : t.modelId());
            upsert.setInt(8, t.canary() ? 1 : 0);
            upsert.setDouble(9, t.fillQty());
            upsert.setDouble(10, t.fillPx());
            setDouble(upsert, 11, t.arrivalMid());
            upsert.setDouble(12, t.notional());
            upsert.setDouble(13, t.fee());
            setDouble(upsert, 14, t.slippageBps());
            setDouble(upsert, 15, t.placeMs());
            setDouble(upsert, 16, markouts.get("1s"));
            setDouble(upsert, 17, markouts.get("5s"));
            setDouble(upsert, 18, markouts.get("60s"));
            upsert.setInt(19, t.isFinal() ? 1 : 0);
            upsert.setInt(20, t.shadow() ? 1 : 0);
            return upsert.executeUpdate() == 1;
        }
    }

    /** Keeps a KPI record as the latest of its symbol unless a newer one is already kept. */
    public static void latestKpi(Connection c, String symbol, long ts, String body) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO kpi_latest(symbol, ts, body) VALUES (?,?,?)
                ON CONFLICT(symbol) DO UPDATE SET ts = excluded.ts, body = excluded.body WHERE excluded.ts >= kpi_latest.ts""")) {
            upsert.setString(1, symbol);
            upsert.setLong(2, ts);
            upsert.setString(3, body);
            upsert.executeUpdate();
        }
    }

    /** Records the account figures of a {@code _global} KPI record: the day's PnL row and the risk history. */
    public static void account(Connection c, KpiRecord kpi) throws SQLException {
        long ts = kpi.ts();
        String day = UtcDay.of(ts);
        try (PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO daily_pnl(day, ts, start_of_day_equity, equity, peak_equity, realised_pnl, fees, unrealised_pnl,
                                      dd_today, max_dd_today, trades_today, total_trades, canary_trades_total,
                                      budget_left, canary_notional_share)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                ON CONFLICT(day) DO UPDATE SET
                  ts = excluded.ts, start_of_day_equity = excluded.start_of_day_equity, equity = excluded.equity,
                  peak_equity = excluded.peak_equity, realised_pnl = excluded.realised_pnl, fees = excluded.fees,
                  unrealised_pnl = excluded.unrealised_pnl, dd_today = excluded.dd_today,
                  trades_today = excluded.trades_today, total_trades = excluded.total_trades,
                  canary_trades_total = excluded.canary_trades_total, budget_left = excluded.budget_left,
                  canary_notional_share = excluded.canary_notional_share
                WHERE excluded.ts >= daily_pnl.ts""")) {
            upsert.setString(1, day);
            upsert.setLong(2, ts);
            setDouble(upsert, 3, kpi.startOfDayEquity());
            setDouble(upsert, 4, kpi.equity());
            setDouble(upsert, 5, kpi.peakEquity());
            setDouble(upsert, 6, kpi.realisedPnl());
            setDouble(upsert, 7, kpi.fees());
            setDouble(upsert, 8, kpi.unrealisedPnl());
            setDouble(upsert, 9, kpi.ddToday());
            setDouble(upsert, 10, kpi.ddToday());
            setLong(upsert, 11, kpi.tradesToday());
            setLong(upsert, 12, kpi.totalTrades());
            setLong(upsert, 13, kpi.canaryTradesTotal());
            setDouble(upsert, 14, kpi.budgetLeft());
            setDouble(upsert, 15, kpi.canaryNotionalShare());
            upsert.executeUpdate();
        }
        Double dd = kpi.ddToday();
        if (dd != null) {
            // The day's worst drawdown is a maximum, which does not depend on the order records arrive in.
            try (PreparedStatement worst = c.prepareStatement(
                    "UPDATE daily_pnl SET max_dd_today = MAX(COALESCE(max_dd_today, ?), ?) WHERE day = ?")) {
                worst.setDouble(1, dd);
                worst.setDouble(2, dd);
                worst.setString(3, day);
                worst.executeUpdate();
            }
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT OR IGNORE INTO risk_history(ts, budget_left, dd_today, trades_today, open_positions) VALUES (?,?,?,?,?)")) {
            insert.setLong(1, ts);
            setDouble(insert, 2, kpi.budgetLeft());
            setDouble(insert, 3, dd);
            setLong(insert, 4, kpi.tradesToday());
            setLong(insert, 5, kpi.openPositions() == null ? null : kpi.openPositions().longValue());
            insert.executeUpdate();
        }
    }

    /**
     * Records a symbol's decision when its mode, size multiplier or reasons differ from the last one
     * recorded; returns false for a heartbeat (the same verdict again) and for a decision at or below
     * the last recorded seq (a repeat, or older news), so reading the topic again changes nothing.
     */
    public static boolean decisionChange(Connection c, GateDecision d) throws SQLException {
        String reasons = DecisionHistory.joinReasons(d.reasons());
        try (PreparedStatement last = c.prepareStatement(
                "SELECT seq, mode, size_multiplier, reasons FROM decision_changes WHERE symbol = ? ORDER BY seq DESC LIMIT 1")) {
            last.setString(1, d.symbol());
            try (ResultSet row = last.executeQuery()) {
                if (row.next() && (d.seq() <= row.getLong(1) || (d.mode().wire().equals(row.getString(2))
                        && d.sizeMultiplier() == row.getDouble(3) && reasons.equals(row.getString(4))))) {
                    return false;
                }
            }
        }
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT OR IGNORE INTO decision_changes(symbol, seq, ts, day, mode, size_multiplier, allow, reasons, psi, model_id)
                VALUES (?,?,?,?,?,?,?,?,?,?)""")) {
            insert.setString(1, d.symbol());
            insert.setLong(2, d.seq());
            insert.setLong(3, d.ts());
            insert.setString(4, UtcDay.of(d.ts()));
            insert.setString(5, d.mode().wire());
            insert.setDouble(6, d.sizeMultiplier());
            insert.setInt(7, d.allow() ? 1 : 0);
            insert.setString(8, reasons);
            setDouble(insert, 9, d.kpis() == null ? null : d.kpis().psi());
            insert.setString(10, d.modelId());
            return insert.executeUpdate() == 1;
        }
    }

    /** A symbol's last effective share recorded: by the index on (symbol, source, ts), not a walk of the history. */
    static final String LAST_EFFECTIVE_SHARE =
            "SELECT share FROM canary_share_history WHERE symbol = ? AND source = 'effective' ORDER BY ts DESC LIMIT 1";

    /** Records a symbol's effective canary share when it differs from the last one recorded. */
    public static void effectiveShare(Connection c, GateDecision d) throws SQLException {
        Double last = null;
        try (PreparedStatement query = c.prepareStatement(LAST_EFFECTIVE_SHARE)) {
            query.setString(1, d.symbol());
            try (ResultSet rows = query.executeQuery()) {
                if (rows.next()) {
                    last = rows.getDouble(1);
                }
            }
        }
        if (last == null || last != d.canaryShare()) {
            shareChange(c, d.ts(), d.symbol(), "effective", d.canaryShare(), d.champion(), d.challenger());
        }
    }

    /** Records one canary share change: an operator's (symbol {@code *}) or a symbol's effective one. */
    public static void shareChange(Connection c, long ts, String symbol, String source, double share,
            String champion, String challenger) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT OR IGNORE INTO canary_share_history(ts, symbol, source, share, champion, challenger) VALUES (?,?,?,?,?,?)")) {
            insert.setLong(1, ts);
            insert.setString(2, symbol);
            insert.setString(3, source);
            insert.setDouble(4, share);
            insert.setString(5, champion);
            insert.setString(6, challenger);
            insert.executeUpdate();
        }
    }

    /** Stores the next offset to read of one topic partition. */
    public static void offset(Connection c, String topic, int partition, long next) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO ingest_offsets(topic, part, next_offset) VALUES (?,?,?)
                ON CONFLICT(topic, part) DO UPDATE SET next_offset = excluded.next_offset""")) {
            upsert.setString(1, topic);
            upsert.setInt(2, partition);
            upsert.setLong(3, next);
            upsert.executeUpdate();
        }
    }

    /** The stored next offsets, keyed by {@code topic + "/" + partition}. */
    public static Map<String, Long> offsets(Connection c) throws SQLException {
        Map<String, Long> offsets = new HashMap<>();
        try (PreparedStatement query = c.prepareStatement("SELECT topic, part, next_offset FROM ingest_offsets");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                offsets.put(rows.getString(1) + "/" + rows.getInt(2), rows.getLong(3));
            }
        }
        return offsets;
    }

    private static void setDouble(PreparedStatement s, int index, Double value) throws SQLException {
        if (value == null || !Double.isFinite(value)) {
            s.setNull(index, Types.REAL);
        } else {
            s.setDouble(index, value);
        }
    }

    private static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.INTEGER);
        } else {
            s.setLong(index, value);
        }
    }
}
