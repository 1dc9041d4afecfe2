package io.canarykit.admin.testing;

import io.canarykit.schema.CanaryCut;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.GateReason;
import io.canarykit.schema.Gates;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.Mode;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.Side;
import io.canarykit.schema.TcaRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Topic records as the job and the engines would publish them, for the sidecar's tests. */
public final class Records {

    public static final String CHAMPION = "champion_20261101";
    public static final String CHALLENGER = "challenger_20261120";

    private Records() {}

    /** A healthy, armed decision of {@code symbol}. */
    public static GateDecision healthy(String symbol, long seq, long ts, double share) {
        return decision(symbol, seq, ts, List.of(), new Gates(false, false, false, false, false, false, false, null),
                CHAMPION, false, share);
    }

    public static GateDecision decision(String symbol, long seq, long ts, List<GateReason> reasons, Gates gates,
            String modelId, boolean pinned, double share) {
        boolean blocked = reasons.stream().anyMatch(GateReason::blocking);
        return new GateDecision(symbol, ts, seq, ts + 15_000, !blocked, blocked ? Mode.HALTED : Mode.NORMAL,
                blocked ? 0 : 1, reasons, gates, modelId, CHAMPION, CHALLENGER, pinned, share,
                blocked ? 0.0 : 150.0, false, null);
    }

    /** A halted decision with the SLO gate tripped by the error rate. */
    public static GateDecision sloHalted(String symbol, long seq, long ts) {
        return decision(symbol, seq, ts, List.of(GateReason.SLO_ERROR_RATE),
                new Gates(true, false, false, false, false, false, false, CanaryCut.CHALLENGER_SLO), CHAMPION, false, 0);
    }

    /** A per-symbol KPI record with the SLO figures. */
    public static Map<String, Object> kpi(String symbol, long ts, double errorRate, double p95, double slippage) {
        Map<String, Object> kpi = new LinkedHashMap<>();
        kpi.put("symbol", symbol);
        kpi.put("ts", ts);
        kpi.put("model_id", CHAMPION);
        kpi.put("psi", 0.05);
        kpi.put("features_missing_ratio", 0.0);
        kpi.put("feed_dislocation_bps", 0.4);
        kpi.put("data_stale_seconds", 0.1);
        kpi.put("error_rate", errorRate);
        kpi.put("p95_place_ms", p95);
        kpi.put("slippage_bps", slippage);
        kpi.put("orphans", 0);
        kpi.put("windows", Map.of("slo", 900_000));
        kpi.put("samples", Map.of("placed", 40, "acked", 40));
        return kpi;
    }

    /** A symbol's KPI record as the job writes it, with the figures the charts draw. */
    public static KpiRecord kpiRecord(String symbol, long ts, Double psi, Double slippageBps) {
        return new KpiRecord(symbol, ts, CHAMPION, psi, 0.0, 0.4, 0.1, 120.0, 0.001, slippageBps, 0L, 0L, 0L, 3L,
                null, null, Map.of("psi", 1_800_000L, "slo", 900_000L), Map.of("placed", 40L), Map.of(), null);
    }

    /** The account-wide KPI record as the job writes it, with its budget and no P&L. */
    public static KpiRecord globalRecord(long ts, double budgetLeft) {
        return new KpiRecord(KpiRecord.GLOBAL, ts, CHAMPION, null, null, null, null, null, null, 1.0, null, null, 1L, 3L,
                budgetLeft, 0.04, Map.of("slo", 900_000L), Map.of(), Map.of(), null);
    }

    /** The account-wide KPI record, with the risk figures the job adds to it. */
    public static Map<String, Object> global(long ts, double budgetLeft, double ddToday, long tradesToday,
            int openPositions, double startEquity, double equity) {
        Map<String, Object> kpi = new LinkedHashMap<>();
        kpi.put("symbol", "_global");
        kpi.put("ts", ts);
        kpi.put("model_id", CHAMPION);
        kpi.put("slippage_bps", 1.5);
        kpi.put("budget_left", budgetLeft);
        kpi.put("canary_notional_share", 0.04);
        kpi.put("canary_trades_total", 1);
        kpi.put("total_trades", tradesToday);
        kpi.put("dd_today", ddToday);
        kpi.put("trades_today", tradesToday);
        kpi.put("open_positions", openPositions);
        kpi.put("start_of_day_equity", startEquity);
        kpi.put("equity", equity);
        kpi.put("realised_pnl", equity - startEquity);
        kpi.put("fees", 0.0);
        kpi.put("unrealised_pnl", 0.0);
        return kpi;
    }

    public static OrderEvent placed(String orderId, String symbol, long ts, boolean canary) {
        return new OrderEvent(ts, OrderEventType.PLACED, orderId, symbol, Side.BUY, null, canary ? CHALLENGER : CHAMPION,
                canary, 1.0, 100.0, 100.0, null, null, null, null);
    }

    public static OrderEvent acked(String orderId, String symbol, long ts, double placeMs, boolean canary) {
        return new OrderEvent(ts, OrderEventType.ACKED, orderId, symbol, Side.BUY, null, canary ? CHALLENGER : CHAMPION,
                canary, null, null, null, placeMs, null, null, null);
    }

    public static OrderEvent rejected(String orderId, String symbol, long ts) {
        return new OrderEvent(ts, OrderEventType.REJECTED, orderId, symbol, Side.BUY, null, CHAMPION,
                false, null, null, null, null, null, null, null);
    }

    public static OrderEvent fill(String orderId, String symbol, long ts, double qty, double px, boolean canary) {
        return new OrderEvent(ts, OrderEventType.FILL, orderId, symbol, Side.BUY, null, canary ? CHALLENGER : CHAMPION,
                canary, null, null, null, null, qty, px, 0.01);
    }

    public static TcaRecord tca(OrderEvent fill, double slippageBps) {
        return new TcaRecord(fill.orderId(), fill.symbol(), fill.ts(), fill.side(), fill.modelId(), fill.canary(),
                fill.fillQty(), fill.fillPx(), 100.0, fill.fillNotional(), fill.fee(), slippageBps, 12.0,
                Map.of("1s", 0.5, "5s", 0.7, "60s", 1.1), true);
    }
}
