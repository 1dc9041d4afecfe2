package io.canarykit.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The gate for one symbol, on the compacted topic {@code kit.gate-decisions}, which engines obey. */
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
        @JsonProperty("kpis") KpiRecord kpis) {

    public GateDecision {
        reasons = List.copyOf(reasons);
    }
}
