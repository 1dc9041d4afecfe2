package io.canarykit.schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The challenger's own signals on a symbol: the SLO over canary orders only and the PSI of its
 * features, which decide whether its canary share is cut.
 */
public record ChallengerKpis(
        @JsonProperty("model_id") String modelId,
        @JsonProperty("psi") Double psi,
        @JsonProperty("p95_place_ms") Double p95PlaceMs,
        @JsonProperty("error_rate") Double errorRate,
        @JsonProperty("slippage_bps") Double slippageBps,
        @JsonProperty("acked") long acked,
        @JsonProperty("placed") long placed) {}
