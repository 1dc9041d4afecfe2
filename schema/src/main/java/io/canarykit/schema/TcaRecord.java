package io.canarykit.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** Transaction-cost analysis of one distinct fill, on {@code kit.tca} keyed by order id. */
public record TcaRecord(
        @JsonProperty("order_id") String orderId,
        @JsonProperty("symbol") String symbol,
        @JsonProperty("ts") long ts,
        @JsonProperty("side") Side side,
        @JsonProperty("model_id") String modelId,
        @JsonProperty("canary") boolean canary,
        @JsonProperty("fill_qty") double fillQty,
        @JsonProperty("fill_px") double fillPx,
        @JsonProperty("arrival_mid") Double arrivalMid,
        @JsonProperty("notional") double notional,
        @JsonProperty("fee") double fee,
        @JsonProperty("slippage_bps") Double slippageBps,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("place_ms") Double placeMs,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("markouts_bps") Map<String, Double> markoutsBps) {}
