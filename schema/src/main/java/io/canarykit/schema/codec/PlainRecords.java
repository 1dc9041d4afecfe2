package io.canarykit.schema.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.Feed;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.Side;
import io.canarykit.schema.WireEnum;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the hot input records (quotes, feature vectors, order events) straight from their bytes in
 * one pass, without building a JSON tree, when a record is plain: ASCII, one flat object whose every
 * field has the type and range its rules accept. Anything else (a rejection, and the rare shapes the
 * rules also accept, such as a timestamp written {@code 1.7e12}) gives {@code null}, and the caller
 * reads the record again by the tree, whose answer, value or rejection, is the one given. So this
 * class only ever accepts, and only what the tree reading accepts as the same value.
 */
final class PlainRecords {

    /**
     * The mapper's reading features, except duplicate detection: a plain record has each known field
     * once and unknown fields only with scalar values, and this class checks both itself.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    // The required fields of each record, as the bits of the numbers its reader gives its fields.
    private static final long MARKET_REQUIRED = bits(0, 1, 2, 3, 4);
    private static final long FEATURES_REQUIRED = bits(0, 1, 2, 3);
    private static final long ORDER_REQUIRED = bits(0, 1, 2, 3, 4, 5, 6);

    private PlainRecords() {}

    private static long bits(int... fields) {
        long mask = 0;
        for (int field : fields) {
            mask |= 1L << field;
        }
        return mask;
    }

    /** A quote, or null when it is not plain. */
    static MarketQuote market(byte[] raw) {
        return read(raw, f -> {
            long ts = -1;
            String symbol = null;
            Feed feed = null;
            double bid = Double.NaN;
            double ask = Double.NaN;
            Double bidSize = null;
            Double askSize = null;
            for (String name = f.first(); name != null; name = f.next()) {
                switch (name) {
                    case "ts" -> ts = f.timestamp(0);
                    case "symbol" -> symbol = f.nonEmptyText(1);
                    case "feed" -> feed = f.wireEnum(2, Feed.class);
                    case "bid" -> bid = f.price(3);
                    case "ask" -> ask = f.price(4);
                    case "bid_size" -> bidSize = f.optionalNonNegative(5);
                    case "ask_size" -> askSize = f.optionalNonNegative(6);
                    default -> f.unknown(name);
                }
            }
            if (!f.seenAll(MARKET_REQUIRED) || !f.atEnd()) {
                return null;
            }
            return InputDecoder.checkedQuote(ts, symbol, feed, bid, ask, bidSize, askSize);
        });
    }

    /** A feature vector, or null when it is not plain. */
    static FeatureVector features(byte[] raw) {
        return read(raw, f -> {
            long ts = -1;
            String symbol = null;
            String modelId = null;
            Map<String, Double> features = null;
            for (String name = f.first(); name != null; name = f.next()) {
                switch (name) {
                    case "ts" -> ts = f.timestamp(0);
                    case "symbol" -> symbol = f.nonEmptyText(1);
                    case "model_id" -> modelId = f.nonEmptyText(2);
                    case "features" -> features = f.numbersOrNulls(3);
                    default -> f.unknown(name);
                }
            }
            if (!f.seenAll(FEATURES_REQUIRED) || !f.atEnd()) {
                return null;
            }
            return new FeatureVector(ts, symbol, modelId, features);
        });
    }

    /** An order event, or null when it is not plain. */
    static OrderEvent order(byte[] raw) {
        return read(raw, f -> {
            long ts = -1;
            OrderEventType event = null;
            String orderId = null;
            String symbol = null;
            Side side = null;
            String account = null;
            String modelId = null;
            boolean canary = false;
            Double qty = null;
            Double price = null;
            Double arrivalMid = null;
            Double placeMs = null;
            Double fillQty = null;
            Double fillPx = null;
            Double fee = null;
            boolean shadow = false;
            for (String name = f.first(); name != null; name = f.next()) {
                switch (name) {
                    case "ts" -> ts = f.timestamp(0);
                    case "event" -> event = f.wireEnum(1, OrderEventType.class);
                    case "order_id" -> orderId = f.nonEmptyText(2);
                    case "symbol" -> symbol = f.nonEmptyText(3);
                    case "side" -> side = f.wireEnum(4, Side.class);
                    case "model_id" -> modelId = f.nonEmptyText(5);
                    case "canary" -> canary = f.bool(6);
                    case "account" -> account = f.optionalNonEmptyText(7);
                    case "qty" -> qty = f.optionalNonNegative(8);
                    case "price" -> price = f.optionalPrice(9);
                    case "arrival_mid" -> arrivalMid = f.optionalPrice(10);
                    case "place_ms" -> placeMs = f.optionalNonNegative(11);
                    case "fill_qty" -> fillQty = f.optionalNonNegative(12);
                    case "fill_px" -> fillPx = f.optionalPrice(13);
                    case "fee" -> fee = f.optionalNonNegative(14);
                    case "shadow" -> shadow = f.optionalBool(15);
                    default -> f.unknown(name);
                }
            }
            if (!f.seenAll(ORDER_REQUIRED) || !f.atEnd()) {
                return null;
            }
            return InputDecoder.checkedOrder(ts, event, orderId, symbol, side, account, modelId, canary,
                    qty, price, arrivalMid, placeMs, fillQty, fillPx, fee, shadow);
        });
    }

    /** A record's fields read by {@code reader}, which gives null or throws when the record is not plain. */
    @FunctionalInterface
    private interface Reader<T> {
        T read(Fields fields) throws IOException;
    }

    private static <T> T read(byte[] raw, Reader<T> reader) {
        if (raw == null || !StrictUtf8.isAscii(raw)) {
            return null;
        }
        try (JsonParser p = FACTORY.createParser(raw)) {
            return reader.read(new Fields(p));
        } catch (NotPlain | Rejection | IOException e) {
            // Not plain, a rule broken, or not JSON: the tree reading gives the record's answer.
            return null;
        }
    }

    /** Not a plain record: the tree reading decides. Thrown without a stack, it costs no more than a return. */
    private static final class NotPlain extends RuntimeException {
        private static final NotPlain INSTANCE = new NotPlain();

        private NotPlain() {
            super("not a plain record", null, false, false);
        }
    }

    /**
     * The fields of one flat object in document order; each read takes the current field's value and
     * throws {@link NotPlain} when it is not of the plain type and range. A known field is numbered
     * by its caller so a repeat is caught by a bit.
     */
    private static final class Fields {
        private final JsonParser p;
        private long seen;
        private List<String> unknownNames;

        Fields(JsonParser p) {
            this.p = p;
        }

        /** The first field's name, or null for an empty object; not plain if the record is not an object. */
        String first() throws IOException {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw NotPlain.INSTANCE;
            }
            return p.nextFieldName();
        }

        /** The next field's name, or null after the last. */
        String next() throws IOException {
            return p.nextFieldName();
        }

        /** Whether every field whose bit is set in {@code required} was read. */
        boolean seenAll(long required) {
            return (seen & required) == required;
        }

        /** Whether the object just read ends the record, with nothing but blanks after it. */
        boolean atEnd() throws IOException {
            return p.currentToken() == JsonToken.END_OBJECT && p.nextToken() == null;
        }

        /** An unknown field, ignored as the rules ignore it, if its value is a scalar and its name new. */
        void unknown(String name) throws IOException {
            JsonToken value = p.nextToken();
            if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                throw NotPlain.INSTANCE;
            }
            if (unknownNames == null) {
                unknownNames = new ArrayList<>(2);
            } else if (unknownNames.contains(name)) {
                throw NotPlain.INSTANCE;
            }
            unknownNames.add(name);
        }

        long timestamp(int field) throws IOException {
            JsonToken value = take(field);
            if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw NotPlain.INSTANCE;
            }
            long ts = p.getLongValue();
            if (ts < 0 || ts > JsonFields.MAX_TIMESTAMP_MS) {
                throw NotPlain.INSTANCE;
            }
            return ts;
        }

        String nonEmptyText(int field) throws IOException {
            return nonEmptyText(take(field));
        }

        String optionalNonEmptyText(int field) throws IOException {
            JsonToken value = take(field);
            return value == JsonToken.VALUE_NULL ? null : nonEmptyText(value);
        }

        <E extends Enum<E> & WireEnum> E wireEnum(int field, Class<E> type) throws IOException {
            if (take(field) != JsonToken.VALUE_STRING) {
                throw NotPlain.INSTANCE;
            }
            return WireEnum.byWire(type, p.getText()).orElseThrow(() -> NotPlain.INSTANCE);
        }

        boolean bool(int field) throws IOException {
            return bool(take(field));
        }

        /** Absent or null is false. */
        boolean optionalBool(int field) throws IOException {
            JsonToken value = take(field);
            return value != JsonToken.VALUE_NULL && bool(value);
        }

        double price(int field) throws IOException {
            return price(take(field));
        }

        Double optionalPrice(int field) throws IOException {
            JsonToken value = take(field);
            return value == JsonToken.VALUE_NULL ? null : price(value);
        }

        Double optionalNonNegative(int field) throws IOException {
            JsonToken value = take(field);
            return value == JsonToken.VALUE_NULL ? null : nonNegative(value);
        }

        /** An object of numbers (any double, NaN and the infinities included) or nulls, in document order. */
        Map<String, Double> numbersOrNulls(int field) throws IOException {
            if (take(field) != JsonToken.START_OBJECT) {
                throw NotPlain.INSTANCE;
            }
            // A plain LinkedHashMap, as the tree reading gives: it holds nulls.
            Map<String, Double> values = new LinkedHashMap<>();
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                JsonToken value = p.nextToken();
                Double number;
                if (value == JsonToken.VALUE_NULL) {
                    number = null;
                } else if (isNumber(value)) {
                    number = p.getDoubleValue();
                } else {
                    throw NotPlain.INSTANCE;
                }
                int size = values.size();
                values.put(name, number);
                if (values.size() == size) {
                    throw NotPlain.INSTANCE; // a feature named twice
                }
            }
            return values;
        }

        /**
         * Advances to the value of the current field, numbered {@code field}, and marks it read; a known
         * field read before is not plain (the tree reading rejects a field named twice).
         */
        private JsonToken take(int field) throws IOException {
            long bit = 1L << field;
            if ((seen & bit) != 0) {
                throw NotPlain.INSTANCE;
            }
            seen |= bit;
            return p.nextToken();
        }

        private String nonEmptyText(JsonToken value) throws IOException {
            if (value != JsonToken.VALUE_STRING) {
                throw NotPlain.INSTANCE;
            }
            String text = p.getText();
            if (text.isBlank()) {
                throw NotPlain.INSTANCE;
            }
            return text;
        }

        private static boolean bool(JsonToken value) {
            if (value == JsonToken.VALUE_TRUE) {
                return true;
            }
            if (value == JsonToken.VALUE_FALSE) {
                return false;
            }
            throw NotPlain.INSTANCE;
        }

        /** A finite number above 0. */
        private double price(JsonToken value) throws IOException {
            double price = nonNegative(value);
            if (price == 0.0) {
                throw NotPlain.INSTANCE;
            }
            return price;
        }

        /** A finite number, 0 or more. */
        private double nonNegative(JsonToken value) throws IOException {
            if (!isNumber(value)) {
                throw NotPlain.INSTANCE;
            }
            double number = p.getDoubleValue();
            if (!(number >= 0) || number == Double.POSITIVE_INFINITY) {
                throw NotPlain.INSTANCE;
            }
            return number;
        }

        /** An integer that fits a long, or a decimal; a bigger integer goes to the tree reading. */
        private boolean isNumber(JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_NUMBER_FLOAT) {
                return true;
            }
            return value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
        }
    }
}
