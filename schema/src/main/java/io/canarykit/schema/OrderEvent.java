package io.canarykit.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One step of an order's life, reported by an execution engine on {@code kit.orders}. A
 * {@code shadow} order is the challenger's paper order: it counts in the challenger's TCA, markouts
 * and rollout analysis, never in positions, the budget, trade counts or the canary notional share.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderEvent(
        @JsonProperty("ts") long ts,
        @JsonProperty("event") OrderEventType event,
        @JsonProperty("order_id") String orderId,
        @JsonProperty("symbol") String symbol,
        @JsonProperty("side") Side side,
        @JsonProperty("account") String account,
        @JsonProperty("model_id") String modelId,
        @JsonProperty("canary") boolean canary,
        @JsonProperty("qty") Double qty,
        @JsonProperty("price") Double price,
        @JsonProperty("arrival_mid") Double arrivalMid,
        @JsonProperty("place_ms") Double placeMs,
        @JsonProperty("fill_qty") Double fillQty,
        @JsonProperty("fill_px") Double fillPx,
        @JsonProperty("fee") Double fee,
        @JsonProperty("shadow") boolean shadow) {

    /** A live (not shadow) order event. */
    public OrderEvent(long ts, OrderEventType event, String orderId, String symbol, Side side, String account,
            String modelId, boolean canary, Double qty, Double price, Double arrivalMid, Double placeMs,
            Double fillQty, Double fillPx, Double fee) {
        this(ts, event, orderId, symbol, side, account, modelId, canary, qty, price, arrivalMid, placeMs,
                fillQty, fillPx, fee, false);
    }

    /** The account an event belongs to when the engine does not say. */
    public static final String DEFAULT_ACCOUNT = "main";

    /**
     * The identity under which a repeated event counts once: the contract names order_id, event,
     * ts, fill_qty and fill_px.
     */
    @JsonIgnore
    public String dedupKey() {
        return orderId + '|' + event.wire() + '|' + ts + '|' + fillQty + '|' + fillPx;
    }

    /** Notional of a fill, {@code fill_qty * fill_px}; zero for other events. */
    @JsonIgnore
    public double fillNotional() {
        return event == OrderEventType.FILL && fillQty != null && fillPx != null ? fillQty * fillPx : 0.0;
    }
}
