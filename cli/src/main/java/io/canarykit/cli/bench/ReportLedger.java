package io.canarykit.cli.bench;

import io.canarykit.admin.ledger.Ledger;
import io.canarykit.admin.ledger.LedgerIngest;
import io.canarykit.admin.ledger.UtcDay;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Random;

/**
 * A ledger day of many fills, written straight into the ledger's tables in one transaction, in the
 * shapes {@link LedgerIngest} gives them: orders of two fills each, a TCA row per fill, the day's P&L.
 */
final class ReportLedger {

    /** Fills per order: a parent order filled in two slices. */
    static final int FILLS_PER_ORDER = 2;
    private static final int SYMBOLS = 100;
    private static final int BATCH = 10_000;

    private ReportLedger() {}

    /** The orders that {@code fills} fills come from. */
    static int ordersFor(int fills) {
        return (fills + FILLS_PER_ORDER - 1) / FILLS_PER_ORDER;
    }

    /** Writes {@code fills} fills (and their orders and TCA rows) spread over {@code day}. */
    static void fill(Ledger ledger, LocalDate day, int fills, long seed) {
        ledger.transaction(c -> {
            try (var pragma = c.createStatement()) {
                // A cache of 256 MB for this connection alone: the indexes of a million rows stay in memory while written.
                pragma.execute("PRAGMA cache_size=-262144");
            }
            write(c, day, fills, new Random(seed));
            return null;
        });
    }

    private static void write(Connection c, LocalDate day, int fills, Random random) throws SQLException {
        long dayStart = UtcDay.start(day);
        int orders = ordersFor(fills);
        long spacing = 86_400_000L / Math.max(1, orders);
        String dayText = day.toString();
        try (PreparedStatement order = c.prepareStatement("""
                INSERT INTO orders(order_id, symbol, side, account, model_id, canary, qty, price, arrival_mid, placed_ts,
                                   answer, answered_ts, place_ms, first_ts, last_ts, last_event, day)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""");
                PreparedStatement fill = c.prepareStatement("""
                INSERT INTO fills(fill_key, order_id, symbol, ts, day, side, account, model_id, canary,
                                  fill_qty, fill_px, fee, notional)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)""");
                PreparedStatement tca = c.prepareStatement("""
                INSERT INTO tca(fill_key, order_id, symbol, ts, day, side, model_id, canary, fill_qty, fill_px,
                                arrival_mid, notional, fee, slippage_bps, place_ms,
                                markout_1s_bps, markout_5s_bps, markout_60s_bps, final)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1)""")) {
            int written = 0;
            for (int o = 0; o < orders && written < fills; o++) {
                String id = "o-" + o;
                String symbol = String.format("S%03d", o % SYMBOLS);
                String side = random.nextBoolean() ? "buy" : "sell";
                boolean canary = random.nextInt(20) == 0;
                String model = canary ? "challenger_20260101" : "champion_20260101";
                double mid = 100.0 * (1 + o % SYMBOLS) * (1 + random.nextGaussian() * 1e-3);
                double qty = 0.02 + random.nextInt(100) / 500.0;
                long placed = dayStart + o * spacing;
                double placeMs = 20 + random.nextInt(120);
                long acked = placed + (long) placeMs;
                int slices = Math.min(FILLS_PER_ORDER, fills - written);
                long lastTs = acked;
                for (int f = 0; f < slices; f++) {
                    long ts = acked + 1 + f;
                    double px = mid * (1 + (side.equals("buy") ? 1 : -1) * random.nextInt(5) * 1e-5);
                    double sliceQty = qty / FILLS_PER_ORDER;
                    double notional = sliceQty * px;
                    double fee = notional * 1e-4;
                    String key = LedgerIngest.fillKey(id, ts, sliceQty, px);
                    fill(fill, key, id, symbol, ts, dayText, side, model, canary, sliceQty, px, fee, notional);
                    double slippage = (side.equals("buy") ? 1 : -1) * (px - mid) / mid * 1e4;
                    tca(tca, key, id, symbol, ts, dayText, side, model, canary, sliceQty, px, mid, notional, fee, slippage,
                            placeMs, random);
                    lastTs = ts;
                    written++;
                }
                order.setString(1, id);
                order.setString(2, symbol);
                order.setString(3, side);
                order.setString(4, "main");
                order.setString(5, model);
                order.setInt(6, canary ? 1 : 0);
                order.setDouble(7, qty);
                order.setDouble(8, mid);
                order.setDouble(9, mid);
                order.setLong(10, placed);
                order.setString(11, "acked");
                order.setLong(12, acked);
                order.setDouble(13, placeMs);
                order.setLong(14, placed);
                order.setLong(15, lastTs);
                order.setString(16, "fill");
                order.setString(17, dayText);
                order.addBatch();
                if (o % BATCH == BATCH - 1) {
                    order.executeBatch();
                    fill.executeBatch();
                    tca.executeBatch();
                }
            }
            order.executeBatch();
            fill.executeBatch();
            tca.executeBatch();
        }
        pnl(c, dayText, dayStart + 86_399_000L, orders);
    }

    private static void fill(PreparedStatement s, String key, String id, String symbol, long ts, String day, String side,
            String model, boolean canary, double qty, double px, double fee, double notional) throws SQLException {
        s.setString(1, key);
        s.setString(2, id);
        s.setString(3, symbol);
        s.setLong(4, ts);
        s.setString(5, day);
        s.setString(6, side);
        s.setString(7, "main");
        s.setString(8, model);
        s.setInt(9, canary ? 1 : 0);
        s.setDouble(10, qty);
        s.setDouble(11, px);
        s.setDouble(12, fee);
        s.setDouble(13, notional);
        s.addBatch();
    }

    private static void tca(PreparedStatement s, String key, String id, String symbol, long ts, String day, String side,
            String model, boolean canary, double qty, double px, double mid, double notional, double fee,
            double slippage, double placeMs, Random random) throws SQLException {
        s.setString(1, key);
        s.setString(2, id);
        s.setString(3, symbol);
        s.setLong(4, ts);
        s.setString(5, day);
        s.setString(6, side);
        s.setString(7, model);
        s.setInt(8, canary ? 1 : 0);
        s.setDouble(9, qty);
        s.setDouble(10, px);
        s.setDouble(11, mid);
        s.setDouble(12, notional);
        s.setDouble(13, fee);
        s.setDouble(14, slippage);
        s.setDouble(15, placeMs);
        s.setDouble(16, random.nextGaussian());
        s.setDouble(17, random.nextGaussian() * 2);
        s.setDouble(18, random.nextGaussian() * 5);
        s.addBatch();
    }

    private static void pnl(Connection c, String day, long ts, int trades) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO daily_pnl(day, ts, start_of_day_equity, equity, peak_equity, realised_pnl, fees, unrealised_pnl,
                                      dd_today, max_dd_today, trades_today, total_trades, canary_trades_total, budget_left,
                                      canary_notional_share)
                VALUES (?,?,100000,100250,100400,310,60,0,0.0015,0.004,?,?,?,0.6,0.05)""")) {
            s.setString(1, day);
            s.setLong(2, ts);
            s.setInt(3, trades);
            s.setInt(4, trades);
            s.setInt(5, trades / 20);
            s.executeUpdate();
        }
    }
}
