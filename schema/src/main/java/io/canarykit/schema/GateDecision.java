package io.canarykit.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The gate for one symbol, on the compacted topic {@code kit.gate-decisions}, which engines obey.
 * {@code rollout} is absent while no automatic rollout has started. {@code max_order_notional} is the
 * most notional one order of the symbol may carry now ({@code MAX_ORDER_NOTIONAL}, or the symbol's own
 * {@code MAX_ORDER_NOTIONAL_<SYMBOL>}, times {@code size_multiplier}).
 */
public record GateDecision(
        @JsonProperty("symbol") String symbol,
        @JsonProperty("ts") long ts,
        @JsonProperty("seq") long seq,
        @JsonProperty("valid_until") long validUntil,
        @JsonProperty("allow") boolean allow,
        @JsonProperty("mode") Mode mode,
        @JsonProperty("size_multiplier") double sizeMultiplier,
        @JsonProperty("reasons") List<GateReason> reasons,
        @JsonProperty("gates") Gates gates,
        @JsonProperty("model_id") String modelId,
        @JsonProperty("champion") String champion,
        @JsonProperty("challenger") String challenger,
        @JsonProperty("pinned") boolean pinned,
        @JsonProperty("canary_share") double canaryShare,
        @JsonProperty("max_risk_per_trade") double maxRiskPerTrade,
        @JsonProperty("live") boolean live,
        @JsonProperty("kpis") KpiRecord kpis,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("rollout") RolloutStatus rollout,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("max_order_notional") Double maxOrderNotional) {

    public GateDecision {
        reasons = List.copyOf(reasons);
    }

    /** A decision with no rollout. */
    public GateDecision(String symbol, long ts, long seq, long validUntil, boolean allow, Mode mode,
            double sizeMultiplier, List<GateReason> reasons, Gates gates, String modelId, String champion,
            String challenger, boolean pinned, double canaryShare, double maxRiskPerTrade, boolean live,
            KpiRecord kpis) {
        this(symbol, ts, seq, validUntil, allow, mode, sizeMultiplier, reasons, gates, modelId, champion, challenger,
                pinned, canaryShare, maxRiskPerTrade, live, kpis, null, null);
    }

    /** A decision with no order notional cap. */
    public GateDecision(String symbol, long ts, long seq, long validUntil, boolean allow, Mode mode,
            double sizeMultiplier, List<GateReason> reasons, Gates gates, String modelId, String champion,
            String challenger, boolean pinned, double canaryShare, double maxRiskPerTrade, boolean live,
            KpiRecord kpis, RolloutStatus rollout) {
        this(symbol, ts, seq, validUntil, allow, mode, sizeMultiplier, reasons, gates, modelId, champion, challenger,
                pinned, canaryShare, maxRiskPerTrade, live, kpis, rollout, null);
    }
}
