package io.canarykit.operators.gate;

import io.canarykit.schema.GateDecision;
import io.canarykit.schema.GateReason;
import io.canarykit.schema.Gates;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.Mode;
import java.util.List;
import java.util.Objects;

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

    /**
     * Component by component, as a record compares, cheapest and likeliest to differ first: every
     * evaluation compares its verdict with the last, and the generated comparison, through method
     * handles, was a sixth of the live evaluation's time.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof GateVerdict v)) {
            return false;
        }
        return allow == v.allow
                && mode == v.mode
                && Double.compare(sizeMultiplier, v.sizeMultiplier) == 0
                && pinned == v.pinned
                && live == v.live
                && Double.compare(canaryShare, v.canaryShare) == 0
                && sameGates(gates, v.gates)
                && reasons.equals(v.reasons)
                && modelId.equals(v.modelId)
                && champion.equals(v.champion)
                && Objects.equals(challenger, v.challenger);
    }

    private static boolean sameGates(Gates a, Gates b) {
        return a.slo() == b.slo() && a.psi() == b.psi() && a.budget() == b.budget() && a.preflight() == b.preflight()
                && a.killSwitch() == b.killSwitch() && a.disarmed() == b.disarmed()
                && a.dataQuality() == b.dataQuality() && a.canary() == b.canary();
    }

    @Override
    public int hashCode() {
        int h = Boolean.hashCode(allow);
        h = 31 * h + mode.hashCode();
        h = 31 * h + Double.hashCode(sizeMultiplier);
        h = 31 * h + reasons.hashCode();
        h = 31 * h + gates.hashCode();
        h = 31 * h + modelId.hashCode();
        h = 31 * h + champion.hashCode();
        h = 31 * h + Objects.hashCode(challenger);
        h = 31 * h + Boolean.hashCode(pinned);
        h = 31 * h + Double.hashCode(canaryShare);
        return 31 * h + Boolean.hashCode(live);
    }
}
