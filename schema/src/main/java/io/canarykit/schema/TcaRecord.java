package io.canarykit.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * Transaction-cost analysis of one distinct fill, on {@code kit.tca} keyed by order id. A fill's
 * record may go out twice: at the fill with its markouts not yet known and {@code final} false, then
 * complete with {@code final} true once its 60 s markout is known; a consumer keeps the last per fill.
 */
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
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("markouts_bps") Map<String, Double> markoutsBps,
        @JsonProperty("final") Boolean isFinal,
        @JsonProperty("shadow") Boolean shadow) {

    /** The record of a live (not shadow) fill. */
    public TcaRecord(String orderId, String symbol, long ts, Side side, String modelId, boolean canary, double fillQty,
            double fillPx, Double arrivalMid, double notional, double fee, Double slippageBps, Double placeMs,
            Map<String, Double> markoutsBps, Boolean isFinal) {
        this(orderId, symbol, ts, side, modelId, canary, fillQty, fillPx, arrivalMid, notional, fee, slippageBps,
                placeMs, markoutsBps, isFinal, false);
    }

    public TcaRecord {
        // A record without the field comes from a build that sent one record per fill: its last word.
        if (isFinal == null) {
            isFinal = Boolean.TRUE;
        }
        // Likewise a record without shadow is a live fill's.
        if (shadow == null) {
            shadow = Boolean.FALSE;
        }
    }

    /** The identity of the fill, unique among an order's fills: the fields its order event is deduplicated by. */
    public String fillKey() {
        return fillKey(orderId, ts, fillQty, fillPx);
    }

    /** The identity of the fill {@code (order_id, ts, fill_qty, fill_px)}, as its TCA record and its order event share it. */
    public static String fillKey(String orderId, long ts, double fillQty, double fillPx) {
        return orderId + '|' + ts + '|' + fillQty + '|' + fillPx;
    }

    /** This record with {@code markouts} and {@code isFinal}. */
    public TcaRecord withMarkouts(Map<String, Double> markouts, boolean isFinal) {
        return new TcaRecord(orderId, symbol, ts, side, modelId, canary, fillQty, fillPx, arrivalMid, notional, fee,
                slippageBps, placeMs, markouts, isFinal, shadow);
    }
}
