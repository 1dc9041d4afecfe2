package io.canarykit.schema.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import io.canarykit.schema.FeatureBins;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.Feed;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.Side;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Decodes and validates the input topics' records, returning a typed rejection for bad input and
 * never throwing. The rules are documented in {@code docs/schemas/}.
 */
public final class InputDecoder {

    private InputDecoder() {}

    /** A quote on {@code kit.market}. */
    public static Decoded<MarketQuote> market(byte[] raw) {
        MarketQuote plain = PlainRecords.market(raw);
        return plain != null ? Decoded.accepted(plain) : marketByTree(raw);
    }

    /** A feature vector on {@code kit.features}. */
    public static Decoded<FeatureVector> features(byte[] raw) {
        FeatureVector plain = PlainRecords.features(raw);
        return plain != null ? Decoded.accepted(plain) : featuresByTree(raw);
    }

    /** An order event on {@code kit.orders}. */
    public static Decoded<OrderEvent> order(byte[] raw) {
        OrderEvent plain = PlainRecords.order(raw);
        return plain != null ? Decoded.accepted(plain) : orderByTree(raw);
    }

    // The hot records are read in one pass when plain (PlainRecords); every other record, and every
    // rejection, comes from reading the record's JSON tree. These are that reading alone.

    static Decoded<MarketQuote> marketByTree(byte[] raw) {
        return decode(raw, InputDecoder::readMarket);
    }

    static Decoded<FeatureVector> featuresByTree(byte[] raw) {
        return decode(raw, InputDecoder::readFeatures);
    }

    static Decoded<OrderEvent> orderByTree(byte[] raw) {
        return decode(raw, InputDecoder::readOrder);
    }

    /** An operator command on {@code kit.control}. */
    public static Decoded<ControlCommand> control(byte[] raw) {
        return decode(raw, InputDecoder::readControl);
    }

    /** A model's reference feature profile in a file given at start: {@code ts} is optional. */
    public static Decoded<ReferenceProfile> referenceProfile(byte[] raw) {
        return decode(raw, f -> readReferenceProfile(f, false));
    }

    /** A reference profile on {@code kit.reference}: it holds from its {@code ts}, which is required. */
    public static Decoded<ReferenceProfile> referenceUpdate(byte[] raw) {
        return decode(raw, f -> readReferenceProfile(f, true));
    }

    private static <T> Decoded<T> decode(byte[] raw, Function<JsonFields, T> reader) {
        if (isEmpty(raw)) {
            return new Rejection(RejectReason.EMPTY, raw == null || raw.length == 0
                    ? "record has no value" : "record holds only blanks").toDecoded();
        }
        try {
            JsonNode root = JsonCodec.readTree(raw);
            return Decoded.accepted(reader.apply(JsonFields.ofRecord(root)));
        } catch (Rejection r) {
            return r.toDecoded();
        } catch (RuntimeException e) {
            // A rule that fails in an unforeseen way must still not stop the job: the record goes to the DLQ.
            return new Rejection(RejectReason.INVALID_VALUE, "record could not be decoded: " + e).toDecoded();
        }
    }

    /** No value, or only JSON whitespace: nothing a producer meant as a record. */
    private static boolean isEmpty(byte[] raw) {
        if (raw == null) {
            return true;
        }
        for (byte b : raw) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static MarketQuote readMarket(JsonFields f) {
        long ts = f.timestamp("ts");
        String symbol = f.nonEmptyText("symbol");
        Feed feed = f.wireEnum("feed", Feed.class);
        double bid = f.price("bid");
        double ask = f.price("ask");
        Double bidSize = f.optionalNonNegativeNumber("bid_size");
        Double askSize = f.optionalNonNegativeNumber("ask_size");
        return checkedQuote(ts, symbol, feed, bid, ask, bidSize, askSize);
    }

    /** The quote of fields each valid on its own, if they agree with each other. */
    static MarketQuote checkedQuote(long ts, String symbol, Feed feed, double bid, double ask, Double bidSize,
            Double askSize) {
        if (bid > ask) {
            throw new Rejection(RejectReason.BID_ABOVE_ASK, "bid " + bid + " is above ask " + ask);
        }
        return new MarketQuote(ts, symbol, feed, bid, ask, bidSize, askSize);
    }

    private static FeatureVector readFeatures(JsonFields f) {
        long ts = f.timestamp("ts");
        String symbol = f.nonEmptyText("symbol");
        String modelId = f.nonEmptyText("model_id");
        JsonFields values = f.object("features");
        // A plain LinkedHashMap, not an immutable copy: it must hold nulls and stay friendly to
        // state serializers.
        Map<String, Double> features = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : values.entries()) {
            JsonNode value = e.getValue();
            if (value.isNull()) {
                features.put(e.getKey(), null);
            } else if (value.isNumber()) {
                // NaN, the infinities and overflowing numbers are kept: the contract counts them as missing.
                features.put(e.getKey(), value.doubleValue());
            } else {
                throw JsonFields.wrongType(values.pathOf(e.getKey()), "a number or null", value);
            }
        }
        return new FeatureVector(ts, symbol, modelId, features);
    }

    private static OrderEvent readOrder(JsonFields f) {
        long ts = f.timestamp("ts");
        OrderEventType event = f.wireEnum("event", OrderEventType.class);
        String orderId = f.nonEmptyText("order_id");
        String symbol = f.nonEmptyText("symbol");
        Side side = f.wireEnum("side", Side.class);
        String account = f.optionalNonEmptyText("account");
        String modelId = f.nonEmptyText("model_id");
        boolean canary = f.bool("canary");
        Double qty = f.optionalNonNegativeNumber("qty");
        Double price = f.optionalPrice("price");
        Double arrivalMid = f.optionalPrice("arrival_mid");
        Double placeMs = f.optionalNonNegativeNumber("place_ms");
        Double fillQty = f.optionalNonNegativeNumber("fill_qty");
        Double fillPx = f.optionalPrice("fill_px");
        Double fee = f.optionalNonNegativeNumber("fee");
        boolean shadow = f.optional("shadow") != null && f.bool("shadow");
        return checkedOrder(ts, event, orderId, symbol, side, account, modelId, canary, qty, price, arrivalMid,
                placeMs, fillQty, fillPx, fee, shadow);
    }

    /** The order event of fields each valid on its own, if they agree with each other. */
    static OrderEvent checkedOrder(long ts, OrderEventType event, String orderId, String symbol, Side side,
            String account, String modelId, boolean canary, Double qty, Double price, Double arrivalMid,
            Double placeMs, Double fillQty, Double fillPx, Double fee, boolean shadow) {
        if (shadow && !canary) {
            throw new Rejection(RejectReason.INVALID_VALUE,
                    "field 'shadow' is true on a champion order: only the challenger's (canary) orders are paper");
        }
        if (event == OrderEventType.FILL) {
            requireFillFields(fillQty, fillPx);
        }
        return new OrderEvent(ts, event, orderId, symbol, side,
                account == null ? OrderEvent.DEFAULT_ACCOUNT : account, modelId, canary,
                qty, price, arrivalMid, placeMs, fillQty, fillPx, fee, shadow);
    }

    private static void requireFillFields(Double fillQty, Double fillPx) {
        if (fillQty == null) {
            throw new Rejection(RejectReason.MISSING_FIELD, "field 'fill_qty' is required on a fill event");
        }
        if (fillQty == 0.0) {
            throw new Rejection(RejectReason.INVALID_VALUE,
                    "field 'fill_qty' must be positive on a fill event, got " + fillQty);
        }
        if (fillPx == null) {
            throw new Rejection(RejectReason.MISSING_FIELD, "field 'fill_px' is required on a fill event");
        }
    }

    private static ControlCommand readControl(JsonFields f) {
        String id = f.nonEmptyText("id");
        long ts = f.timestamp("ts");
        String actor = f.text("actor");
        ControlType type = f.wireEnum("type", ControlType.class);
        JsonFields argsObject = f.optionalObject("args");
        Map<String, String> args = new LinkedHashMap<>();
        if (argsObject != null) {
            for (Map.Entry<String, JsonNode> e : argsObject.entries()) {
                String text = argText(e.getValue());
                if (text != null) {
                    args.put(e.getKey(), text);
                }
            }
        }
        return new ControlCommand(id, ts, actor, type, args);
    }

    /** A string as itself, another scalar as its JSON text, a nested value as its JSON; null is dropped. */
    private static String argText(JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        return value.isContainerNode() ? value.toString() : value.asText();
    }

    private static ReferenceProfile readReferenceProfile(JsonFields f, boolean tsRequired) {
        String modelId = f.nonEmptyText("model_id");
        Long ts = tsRequired || f.optional("ts") != null ? f.timestamp("ts") : null;
        JsonFields features = f.object("features");
        if (features.isEmpty()) {
            throw new Rejection(RejectReason.INVALID_VALUE, "field 'features' must name at least one feature");
        }
        Map<String, FeatureBins> bins = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : features.entries()) {
            JsonFields feature = features.object(e.getKey());
            FeatureBins featureBins = new FeatureBins(feature.numberArray("edges"), feature.numberArray("expected"));
            requireBins(e.getKey(), featureBins);
            bins.put(e.getKey(), featureBins);
        }
        return new ReferenceProfile(modelId, bins, ts);
    }

    private static void requireBins(String feature, FeatureBins bins) {
        bins.flaw().ifPresent(flaw -> {
            throw new Rejection(RejectReason.INVALID_VALUE, "feature " + JsonFields.quote(feature) + ": " + flaw);
        });
    }
}
