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

    /** A per-symbol KPI record with the SLO figures; the test encodes it as the job does. */
    public static KpiRecord kpi(String symbol, long ts, double errorRate, double p95, double slippage) {
        Map<String, Long> samples = new LinkedHashMap<>();
        samples.put("placed", 40L);
        samples.put("acked", 40L);
        return new KpiRecord(symbol, ts, CHAMPION, 0.05, 0.0, 0.4, 0.1, p95, errorRate, slippage, 0L, null, null, null,
                null, null, Map.of("slo", 900_000L), samples, Map.of(), null);
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

    /** The account-wide KPI record, with the risk figures the job adds to it and no SLO figures. */
    public static KpiRecord global(long ts, double budgetLeft, double ddToday, long tradesToday,
            int openPositions, double startEquity, double equity) {
        return accountWide(ts, null, null, budgetLeft, ddToday, tradesToday, openPositions, startEquity, equity);
    }

    /** As {@link #global}, with the account-wide SLO figures: its error rate and p95 place latency. */
    public static KpiRecord globalWithSlo(long ts, double errorRate, double p95, double budgetLeft, double ddToday,
            long tradesToday, int openPositions, double startEquity, double equity) {
        return accountWide(ts, errorRate, p95, budgetLeft, ddToday, tradesToday, openPositions, startEquity, equity);
    }

    private static KpiRecord accountWide(long ts, Double errorRate, Double p95, double budgetLeft, double ddToday,
            long tradesToday, int openPositions, double startEquity, double equity) {
        return new KpiRecord(KpiRecord.GLOBAL, ts, CHAMPION, null, null, null, null, p95, errorRate, 1.5, null, null,
                1L, tradesToday, budgetLeft, 0.04, null, null, Map.of(), null, ddToday, tradesToday, openPositions,
                null, null, equity, startEquity, null, equity - startEquity, 0.0, 0.0);
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
