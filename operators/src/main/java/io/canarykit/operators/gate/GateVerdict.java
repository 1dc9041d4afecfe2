package io.canarykit.operators.gate;

import io.canarykit.schema.GateDecision;
import io.canarykit.schema.GateReason;
import io.canarykit.schema.Gates;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.Mode;
import java.util.List;

/**
 * What the gates decided for one symbol, without the time, sequence and KPIs that make it a
 * {@link GateDecision}; two equal verdicts tell an engine the same thing.
 *
 * @param allow false exactly when a blocking reason holds
 * @param mode halted when blocked, else reduce_only under max_positions, else normal
 * @param sizeMultiplier 0 when halted, 0.5 under psi_warn, else 1
 * @param reasons every reason that holds, in {@link GateReason} order, without repeats
 * @param gates the gate groups, each true when tripped, and the canary cut
 * @param modelId the model in use: the pinned one, else the champion
 * @param champion the champion model
 * @param challenger the challenger model, or null
 * @param pinned whether a model is pinned
 * @param canaryShare the effective canary share
 * @param live whether live trading is enabled
 */
public record GateVerdict(
        boolean allow,
        Mode mode,
        double sizeMultiplier,
        List<GateReason> reasons,
        Gates gates,
        String modelId,
        String champion,
        String challenger,
        boolean pinned,
        double canaryShare,
        boolean live) {

    public GateVerdict {
        if (mode == null || reasons == null || gates == null || modelId == null || champion == null) {
            throw new IllegalArgumentException("mode, reasons, gates, modelId and champion must not be null");
        }
        reasons = List.copyOf(reasons);
    }

    /**
     * The decision record carrying this verdict; its {@code max_risk_per_trade} is {@code riskPerTrade}
     * (the account's start-of-day equity times {@code RISK_PER_TRADE_PCT}) scaled by the size multiplier.
     */
    public GateDecision toDecision(String symbol, long ts, long seq, long validUntil, KpiRecord kpis, double riskPerTrade) {
        return toDecision(symbol, ts, seq, validUntil, kpis, riskPerTrade, null);
    }

    /** As {@link #toDecision(String, long, long, long, KpiRecord, double)}, with the order notional cap at full size. */
    public GateDecision toDecision(String symbol, long ts, long seq, long validUntil, KpiRecord kpis, double riskPerTrade,
            Double orderNotional) {
        return new GateDecision(symbol, ts, seq, validUntil, allow, mode, sizeMultiplier, reasons, gates,
                modelId, champion, challenger, pinned, canaryShare, riskPerTrade * sizeMultiplier, live, kpis, null,
                orderNotional == null ? null : orderNotional * sizeMultiplier);
    }
}
